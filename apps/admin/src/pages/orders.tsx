import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { trpc } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { errorMessage } from '../errors';
import { formatDateTime, formatMoney } from '../format';
import { notify } from '../notify';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const orderColor: Record<string, string> = { confirmed: 'teal.9', refunded: 'grape.8', cancelled: 'gray.7' };

interface RefundTarget {
  orderID: string;
  version: number;
  total: { amount: number; currency: string };
  email: string | null;
  status: string;
}

export function OrdersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [kind, setKind] = useState(uuidPattern.test(q) || !q ? 'order' : 'email');
  const [text, setText] = useState(q);
  const [refunding, setRefunding] = useState<RefundTarget | null>(null);
  const queryClient = useQueryClient();

  const lookup = uuidPattern.test(q) ? { orderID: q } : { email: q };
  const orders = useQuery({ ...trpc.admin.orders.queryOptions(lookup), enabled: q.length > 0 });
  const refund = useMutation(
    trpc.admin.refundOrder.mutationOptions({
      onSuccess: async (order) => {
        setRefunding(null);
        notify({
          color: 'green',
          title: 'Refunded',
          message: `${formatMoney(order.total)} back to ${order.email ?? 'the buyer'} (${order.payment?.refundID ?? 'refund pending'})`,
        });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
      onError: async (error) => {
        notify({ color: 'red', title: 'Not refunded', message: errorMessage(error) });
        setRefunding(null);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.orders.pathKey() });
      },
    }),
  );

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  }

  return (
    <Stack gap="md">
      <Title order={2}>Orders</Title>
      <form onSubmit={search} aria-label="Find orders">
        <Group align="flex-end" gap="sm">
          <SegmentedControl
            value={kind}
            onChange={setKind}
            data={[
              { value: 'order', label: 'Order id' },
              { value: 'email', label: 'Buyer email' },
            ]}
            aria-label="Find by"
          />
          <TextInput
            label={kind === 'order' ? 'Order id' : 'Buyer email'}
            placeholder={kind === 'order' ? '0193…' : 'fan@example.com'}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            w={380}
            leftSection={<IconSearch size={16} aria-hidden />}
          />
          <Button type="submit">Find</Button>
        </Group>
      </form>
      {orders.error && <ErrorNotice error={orders.error} />}
      {orders.data && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {orders.data.orders.length === 0
            ? `No orders for ${q}.`
            : `${orders.data.orders.length} order${orders.data.orders.length === 1 ? '' : 's'}`}
        </Text>
      )}
      {orders.data && orders.data.orders.length > 0 && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped aria-label="Orders">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Buyer</Table.Th>
                <Table.Th>Seats</Table.Th>
                <Table.Th>Placed</Table.Th>
                <Table.Th miw={110}>Status</Table.Th>
                <Table.Th>Payment</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {orders.data.orders.map((order) => (
                <Table.Tr key={order.orderID}>
                  <Table.Td>
                    <Code>{order.orderID}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/events/${order.eventID}`} size="sm">
                      {order.eventName ?? order.eventID}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{order.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {order.seats.join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(order.createdAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={orderColor[order.status] ?? 'gray.7'}>{order.status}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {order.payment
                        ? `${order.payment.provider}: ${order.payment.status.replace('_', ' ')}`
                        : '—'}
                    </Text>
                    {order.payment?.refundID && (
                      <Text size="xs" c="dimmed" ff="monospace">
                        {order.payment.refundID}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(order.total)}</Table.Td>
                  <Table.Td>
                    {(order.status === 'confirmed' || order.payment?.status === 'refund_pending') && (
                      <Button size="xs" variant="outline" color="red.9" onClick={() => setRefunding(order)}>
                        {order.status === 'confirmed' ? 'Refund' : 'Retry refund'}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={refunding !== null} onClose={() => setRefunding(null)} title="Refund this order?">
        {refunding && (
          <Stack>
            <Text size="sm">
              {formatMoney(refunding.total)} goes back to {refunding.email ?? 'the buyer'} through the payment
              gateway. The order is marked refunded; its seats stay sold (they are not put back on sale).
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRefunding(null)}>
                Keep the order
              </Button>
              <Button
                color="red.9"
                loading={refund.isPending}
                onClick={() => refund.mutate({ orderID: refunding.orderID, version: refunding.version })}
              >
                Refund {formatMoney(refunding.total)}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

import { Badge, Button, Card, Container, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { formatEventDate, formatMoney } from '../lib/format';
import { describeProblem } from '../lib/problems';
import { useTRPC } from '../lib/trpc';
import { useEventSummary } from '../lib/use-event-summary';
import { useSession } from '../lib/use-session';

function OrderCard({
  order,
}: {
  order: {
    orderID: string;
    reservationID: string;
    eventID: string;
    status: string;
    total: { amount: number; currency: string };
    createdAt: string;
  };
}) {
  const trpc = useTRPC();
  const reservation = useQuery({
    ...trpc.booking.reservation.queryOptions({ reservationID: order.reservationID }),
    staleTime: 60_000,
  });
  const summary = useEventSummary(order.eventID);

  return (
    <Card component="li" withBorder radius="md" p="md" data-testid="order" data-order-id={order.orderID}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          {summary ? (
            <Text fw={700} fz="lg" component={Link} to={`/events/${order.eventID}`} c="dark.8">
              {summary.name}
            </Text>
          ) : (
            <Skeleton h={22} w={220} />
          )}
          {summary && (
            <Text size="sm" c="gray.7">
              {formatEventDate(summary.date)} · {summary.venue}
            </Text>
          )}
          <Text size="sm" mt={6}>
            {reservation.data ? reservation.data.tickets.map((t) => t.seatNumber).join(', ') : ' '}
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <Badge
            variant="filled"
            color={order.status === 'refunded' || order.status === 'cancelled' ? 'gray.8' : 'teal.9'}
            tt="capitalize"
          >
            {order.status}
          </Badge>
          <Text fw={800}>{formatMoney(order.total.amount, order.total.currency)}</Text>
        </Stack>
      </Group>
      <Text size="xs" c="gray.7" mt="sm">
        Order <span data-testid="order-id">{order.orderID}</span> · bought {formatEventDate(order.createdAt)}
      </Text>
    </Card>
  );
}

export function OrdersPage() {
  const trpc = useTRPC();
  const session = useSession();
  const orders = useQuery({ ...trpc.booking.orders.queryOptions(), enabled: Boolean(session) });

  useEffect(() => {
    document.title = 'My orders · Boxoffice';
  }, []);

  if (!session) return <Navigate to="/signin?next=%2Forders" replace />;
  return (
    <Container size="md" py="xl">
      <Title order={1} fz="h2" mb="lg">
        My orders
      </Title>
      {orders.error && (
        <ProblemAlert problem={describeProblem(orders.error)} onRetry={() => void orders.refetch()} />
      )}
      {orders.isPending && <Skeleton h={120} />}
      {orders.data?.orders.length === 0 && (
        <Card withBorder p="xl" ta="center">
          <Text fw={700}>No orders yet</Text>
          <Text c="gray.7" mt={4}>
            When you buy tickets they show up here.
          </Text>
          <Button component={Link} to="/" mt="md">
            Find events
          </Button>
        </Card>
      )}
      <Stack component="ul" p={0} m={0} style={{ listStyle: 'none' }} gap="md">
        {orders.data?.orders.map((order) => (
          <OrderCard key={order.orderID} order={order} />
        ))}
      </Stack>
    </Container>
  );
}

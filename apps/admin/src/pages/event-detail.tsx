import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { trpc } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { EventForm } from '../components/event-form';
import { WaitingRoomPanel } from '../components/waiting-room';
import { errorMessage, httpStatusOf } from '../errors';
import {
  type EventStatus,
  formatDateTime,
  formatMoney,
  percent,
  statusAction,
  statusColor,
  statusLabel,
} from '../format';
import { useLiveSeats } from '../live-seats';
import { notify } from '../notify';

const destructive: EventStatus[] = ['cancelled', 'completed'];

function StatusActions({
  eventID,
  name,
  status,
  version,
  next,
}: {
  eventID: string;
  name: string;
  status: EventStatus;
  version: number;
  next: EventStatus[];
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<EventStatus | null>(null);
  const change = useMutation(
    trpc.admin.setEventStatus.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(null);
        notify({ color: 'green', message: `${name} is now ${statusLabel[result.status].toLowerCase()}` });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
      onError: async (error) => {
        setConfirming(null);
        notify({ color: 'red', title: 'Status not changed', message: errorMessage(error) });
        if (httpStatusOf(error) === 409)
          await queryClient.invalidateQueries({ queryKey: trpc.admin.event.queryKey({ eventID }) });
      },
    }),
  );
  const move = (target: EventStatus) => change.mutate({ eventID, status: target, version });
  return (
    <Group gap="xs">
      {next.map((target) => (
        <Button
          key={target}
          size="xs"
          variant={destructive.includes(target) ? 'outline' : 'filled'}
          color={target === 'cancelled' ? 'red.9' : undefined}
          loading={change.isPending && change.variables?.status === target}
          onClick={() => (destructive.includes(target) ? setConfirming(target) : move(target))}
        >
          {statusAction[target]}
        </Button>
      ))}
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming ? `${statusAction[confirming]}?` : ''}
      >
        <Stack>
          <Text size="sm">
            {confirming === 'cancelled'
              ? `${name} stops selling at once and cannot be put back on sale. Orders are not refunded automatically: refund them from Orders.`
              : `${name} is marked ${confirming ? statusLabel[confirming].toLowerCase() : ''} and stops selling. This cannot be undone.`}
          </Text>
          <Text size="xs" c="dimmed">
            Currently {statusLabel[status].toLowerCase()}.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Keep it
            </Button>
            <Button color="red.9" loading={change.isPending} onClick={() => confirming && move(confirming)}>
              {confirming ? statusAction[confirming] : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={600} size="lg" data-testid={`stat-${label.toLowerCase()}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

export function EventDetailPage() {
  const { eventID = '' } = useParams();
  const queryClient = useQueryClient();
  const detail = useQuery({ ...trpc.admin.event.queryOptions({ eventID }), refetchInterval: 15_000 });
  const event = detail.data;

  // Seat frames arrive up to ten times a second on a hot event: refetch the counts at most once a second.
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSeatChange = () => {
    refetchTimer.current ??= setTimeout(() => {
      refetchTimer.current = null;
      void queryClient.invalidateQueries({ queryKey: trpc.admin.event.queryKey({ eventID }) });
    }, 1000);
  };
  const live = useLiveSeats(eventID, Boolean(event && event.status !== 'draft'), onSeatChange);

  const update = useMutation(
    trpc.admin.updateEvent.mutationOptions({
      onSuccess: async () => {
        notify({ color: 'green', message: 'Event saved' });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      },
    }),
  );

  const initial = useMemo(
    () =>
      event && {
        name: event.name,
        description: event.description,
        type: event.type,
        startsAt: event.startsAt,
        onSaleAt: event.onSaleAt,
        venueID: event.venue.venueID,
        venueName: `${event.venue.name}, ${event.venue.city}`,
        currency: event.currency,
        priceTiers: event.priceTiers,
      },
    [event],
  );

  if (detail.error) return <ErrorNotice error={detail.error} />;
  if (!event || !initial) return <Loader aria-label="Loading event" />;
  const editable = event.status !== 'cancelled' && event.status !== 'completed';

  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/">
          Events
        </Anchor>
        <span>{event.name}</span>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>{event.name}</Title>
            <Badge color={statusColor[event.status]} size="lg" data-testid="event-status">
              {statusLabel[event.status]}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {formatDateTime(event.startsAt)} · {event.venue.name}, {event.venue.city} · on sale from{' '}
            {formatDateTime(event.onSaleAt)} · version {event.version}
          </Text>
        </div>
        <StatusActions
          eventID={eventID}
          name={event.name}
          status={event.status}
          version={event.version}
          next={event.nextStatuses}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        <Stat
          label="Sold"
          value={event.counts.sold.toLocaleString('en-US')}
          hint={`${percent(event.counts.sold, event.counts.total)}% of ${event.counts.total.toLocaleString('en-US')}`}
        />
        <Stat
          label="Reserved"
          value={event.counts.reserved.toLocaleString('en-US')}
          hint="held or being paid"
        />
        <Stat label="Available" value={event.counts.available.toLocaleString('en-US')} />
        <Stat label="Revenue" value={formatMoney(event.revenue)} hint="confirmed orders" />
      </SimpleGrid>
      <Tabs defaultValue="seats" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="seats">Seats</Tabs.Tab>
          <Tabs.Tab value="sales">Reservations and orders</Tabs.Tab>
          <Tabs.Tab value="edit">Details</Tabs.Tab>
          <Tabs.Tab value="queue">Waiting room</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="seats" pt="md">
          <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
            <Table.ScrollContainer minWidth={520} style={{ gridColumn: 'span 2' }}>
              <Table striped aria-label="Seats by section">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Section</Table.Th>
                    <Table.Th ta="right">Available</Table.Th>
                    <Table.Th ta="right">Reserved</Table.Th>
                    <Table.Th ta="right">Sold</Table.Th>
                    <Table.Th w={160}>Sold share</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {event.sections.map((section) => {
                    const total = section.available + section.reserved + section.sold;
                    return (
                      <Table.Tr key={section.section}>
                        <Table.Td>
                          {section.name}{' '}
                          <Text span size="xs" c="dimmed" ff="monospace">
                            {section.section}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">{section.available.toLocaleString('en-US')}</Table.Td>
                        <Table.Td ta="right">{section.reserved.toLocaleString('en-US')}</Table.Td>
                        <Table.Td ta="right">{section.sold.toLocaleString('en-US')}</Table.Td>
                        <Table.Td>
                          <Progress.Root size="md">
                            <Progress.Section
                              value={percent(section.sold, total)}
                              color="indigo"
                              aria-label={`${section.name}: sold`}
                            />
                            <Progress.Section
                              value={percent(section.reserved, total)}
                              color="yellow"
                              aria-label={`${section.name}: reserved`}
                            />
                          </Progress.Root>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Paper withBorder p="sm">
              <Group justify="space-between" mb="xs">
                <Text fw={600} size="sm">
                  Live seat changes
                </Text>
                <Badge
                  variant="dot"
                  color={live.connection === 'live' ? 'green' : live.connection === 'off' ? 'gray' : 'yellow'}
                  data-testid="live-status"
                >
                  {live.connection === 'off'
                    ? event.status === 'draft'
                      ? 'not published'
                      : 'off'
                    : live.connection}
                </Badge>
              </Group>
              {live.frames.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {event.status === 'draft'
                    ? 'Drafts are not public; their seats do not change.'
                    : 'No changes since you opened this page.'}
                </Text>
              ) : (
                <Stack gap={2} aria-live="polite">
                  {live.frames.map((frame) => (
                    <Text key={frame.seq} size="xs" ff="monospace">
                      {frame.at.toLocaleTimeString('en-GB')} #{frame.seq}
                      {frame.reserved ? ` +${frame.reserved} reserved` : ''}
                      {frame.sold ? ` +${frame.sold} sold` : ''}
                      {frame.available ? ` +${frame.available} released` : ''}
                    </Text>
                  ))}
                </Stack>
              )}
            </Paper>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="sales" pt="md">
          <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
            <div>
              <Title order={3} size="h5" mb="xs">
                Latest reservations
              </Title>
              <Table striped aria-label="Latest reservations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Fan</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Seats</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {event.reservations.map((r) => (
                    <Table.Tr key={r.reservationID}>
                      <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                      <Table.Td>{r.email ?? '—'}</Table.Td>
                      <Table.Td>{r.status.replace('_', ' ')}</Table.Td>
                      <Table.Td ta="right">{r.seats}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.total)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {event.reservations.length === 0 && (
                <Text size="sm" c="dimmed" mt="xs">
                  No reservations yet.
                </Text>
              )}
            </div>
            <div>
              <Title order={3} size="h5" mb="xs">
                Latest orders
              </Title>
              <Table striped aria-label="Latest orders">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Created</Table.Th>
                    <Table.Th>Order</Table.Th>
                    <Table.Th>Fan</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {event.orders.map((o) => (
                    <Table.Tr key={o.orderID}>
                      <Table.Td>{formatDateTime(o.createdAt)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/orders?q=${o.orderID}`} ff="monospace" size="xs">
                          {o.orderID.slice(0, 8)}…
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{o.email ?? '—'}</Table.Td>
                      <Table.Td>{o.status}</Table.Td>
                      <Table.Td ta="right">{formatMoney(o.total)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {event.orders.length === 0 && (
                <Text size="sm" c="dimmed" mt="xs">
                  No orders yet.
                </Text>
              )}
            </div>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="edit" pt="md">
          {editable ? (
            <EventForm
              key={event.version}
              initial={initial}
              inventoryLocked={event.status !== 'draft'}
              submitLabel="Save changes"
              busy={update.isPending}
              error={update.error}
              onSubmit={(values) => {
                const { venueID, currency, priceTiers, ...rest } = values;
                update.mutate({
                  eventID,
                  version: event.version,
                  ...rest,
                  ...(event.status === 'draft' ? { venueID, currency, priceTiers } : {}),
                });
              }}
            />
          ) : (
            <Alert variant="light">
              A {statusLabel[event.status].toLowerCase()} event can no longer be edited.
            </Alert>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="queue" pt="md">
          <WaitingRoomPanel eventID={eventID} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

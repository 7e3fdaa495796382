import {
  Anchor,
  Badge,
  Button,
  Group,
  Pagination,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { trpc } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { type EventStatus, formatDateTime, formatMoney, percent, statusColor, statusLabel } from '../format';

const pageSize = 25;
const statusOptions = [
  { value: '', label: 'All statuses' },
  ...Object.entries(statusLabel).map(([value, label]) => ({ value, label })),
];

function Overview() {
  const overview = useQuery(trpc.admin.overview.queryOptions());
  if (!overview.data) return null;
  const tickets = overview.data.shards.reduce((sum, shard) => sum + shard.tickets, 0);
  const stats = [
    { label: 'Events', value: overview.data.events },
    { label: 'Venues', value: overview.data.venues },
    { label: 'Accounts', value: overview.data.users },
    {
      label: `Tickets on ${overview.data.shards.length} shard${overview.data.shards.length === 1 ? '' : 's'}`,
      value: tickets,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      {stats.map((stat) => (
        <Paper key={stat.label} withBorder p="sm">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {stat.label}
          </Text>
          <Text fw={600} size="lg">
            {stat.value.toLocaleString('en-US')}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as EventStatus | '';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [text, setText] = useState(params.get('q') ?? '');
  const [query] = useDebouncedValue(text.trim(), 300);

  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (query) next.set('q', query);
        else next.delete('q');
        if (query !== (current.get('q') ?? '')) next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [query, setParams]);

  const update = (key: string, value: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    });

  const events = useQuery({
    ...trpc.admin.events.queryOptions({
      query: query || undefined,
      status: status || undefined,
      page,
      size: pageSize,
    }),
    placeholderData: keepPreviousData,
  });
  const pages = Math.max(1, Math.ceil((events.data?.meta.total ?? 0) / pageSize));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Events</Title>
        <Button component={Link} to="/events/new" leftSection={<IconPlus size={16} aria-hidden />}>
          New event
        </Button>
      </Group>
      <Overview />
      <Group gap="sm" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or event id"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={320}
        />
        <Select
          label="Status"
          data={statusOptions}
          value={status}
          onChange={(value) => update('status', value)}
          allowDeselect={false}
          w={180}
        />
        <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
          {events.data ? `${events.data.meta.total.toLocaleString('en-US')} events` : ''}
        </Text>
      </Group>
      {events.error && <ErrorNotice error={events.error} />}
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover aria-label="Events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              <Table.Th>Starts</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={190}>Sold</Table.Th>
              <Table.Th ta="right">Reserved</Table.Th>
              <Table.Th ta="right">Available</Table.Th>
              <Table.Th ta="right">Revenue</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data?.events.map((event) => (
              <Table.Tr key={event.eventID} data-testid="event-row">
                <Table.Td>
                  <Anchor component={Link} to={`/events/${event.eventID}`} fw={500} size="sm">
                    {event.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {event.venue.name}, {event.venue.city}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDateTime(event.startsAt)}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[event.status]}>{statusLabel[event.status]}</Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {event.counts.sold.toLocaleString('en-US')} / {event.counts.total.toLocaleString('en-US')}{' '}
                    ({percent(event.counts.sold, event.counts.total)}%)
                  </Text>
                  <Progress
                    value={percent(event.counts.sold, event.counts.total)}
                    size="sm"
                    aria-label={`${event.name}: sold`}
                  />
                </Table.Td>
                <Table.Td ta="right">{event.counts.reserved.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right">{event.counts.available.toLocaleString('en-US')}</Table.Td>
                <Table.Td ta="right">{formatMoney(event.revenue)}</Table.Td>
              </Table.Tr>
            ))}
            {events.data?.events.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text c="dimmed" ta="center" py="md">
                    No events match.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={(next) => update('page', String(next))}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
        />
      )}
    </Stack>
  );
}

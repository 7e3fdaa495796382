import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { trpc } from '../api';
import { ErrorNotice } from '../components/error-notice';
import { formatDateTime, statusColor, statusLabel } from '../format';

const count = (n: number) => n.toLocaleString('en-US');

/** Operators' view of the per-event reserve queues, refreshed every two seconds. */
export function QueuesPage() {
  const [includeIdle, setIncludeIdle] = useState(false);
  const queues = useQuery({
    ...trpc.admin.reserveQueues.queryOptions({ limit: 100, includeIdle }),
    refetchInterval: 2000,
  });
  const [pinning, setPinning] = useState<{ name: string; command: string } | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Reserve queues</Title>
        <Switch
          label="Show idle queues"
          checked={includeIdle}
          onChange={(e) => setIncludeIdle(e.currentTarget.checked)}
        />
      </Group>
      <Text size="sm" c="dimmed" maw={820}>
        Each event on sale has its own BullMQ queue (<Code>reserve-&lt;eventId&gt;</Code>). Every worker
        process serves all active queues; a queue whose waiting count keeps growing needs workers of its own.
        Start them with the pin command on any machine that reaches the same Redis and PostgreSQL; queues idle
        for 10 minutes are closed by the workers.
      </Text>
      {queues.error && <ErrorNotice error={queues.error} />}
      {queues.data?.queues.length === 0 && (
        <Alert variant="light">
          {includeIdle
            ? 'No reserve queue is registered.'
            : 'No reserve queue is active: nobody has reserved seats in the last 10 minutes.'}
        </Alert>
      )}
      {queues.data && queues.data.queues.length > 0 && (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped aria-label="Reserve queues">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th ta="right">Waiting</Table.Th>
                <Table.Th ta="right">Active</Table.Th>
                <Table.Th ta="right">Delayed</Table.Th>
                <Table.Th ta="right">Completed</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
                <Table.Th ta="right">Workers</Table.Th>
                <Table.Th>Last reservation</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.data.queues.map((queue) => (
                <Table.Tr key={queue.queue}>
                  <Table.Td>
                    {queue.name ? (
                      <Anchor component={Link} to={`/events/${queue.eventID}`} size="sm">
                        {queue.name}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        unknown event
                      </Text>
                    )}
                    <Group gap={6}>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {queue.queue}
                      </Text>
                      {queue.status && (
                        <Badge size="xs" color={statusColor[queue.status]}>
                          {statusLabel[queue.status]}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    fw={queue.counts.waiting > 0 ? 700 : undefined}
                    c={queue.counts.waiting > 100 ? 'red.9' : undefined}
                  >
                    {count(queue.counts.waiting)}
                  </Table.Td>
                  <Table.Td ta="right">{count(queue.counts.active)}</Table.Td>
                  <Table.Td ta="right">{count(queue.counts.delayed)}</Table.Td>
                  <Table.Td ta="right">{count(queue.counts.completed)}</Table.Td>
                  <Table.Td ta="right" c={queue.counts.failed > 0 ? 'red.9' : undefined}>
                    {count(queue.counts.failed)}
                  </Table.Td>
                  <Table.Td ta="right">
                    {queue.workers === 0 ? <Badge color="red.9">none</Badge> : queue.workers}
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(queue.lastActivity)}{' '}
                    {queue.idle && (
                      <Badge size="xs" color="gray.7">
                        idle
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        setPinning({ name: queue.name ?? queue.eventID, command: queue.pinCommand })
                      }
                    >
                      Pin workers
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={pinning !== null}
        onClose={() => setPinning(null)}
        title={`Workers of their own for ${pinning?.name ?? ''}`}
        size="lg"
      >
        {pinning && (
          <Stack>
            <Text size="sm">
              Run this from the repository on a worker machine (with the same <Code>DATABASE_URL</Code>,{' '}
              <Code>SHARD_COUNT</Code> and <Code>REDIS_URL</Code> as the API). Each process serves only this
              event's queue with <Code>RESERVE_CONCURRENCY</Code> jobs at a time; start more to add capacity,
              stop them with Ctrl-C once the on-sale calms down.
            </Text>
            <Code block data-testid="pin-command">
              {pinning.command}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={pinning.command}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? 'teal' : undefined}>
                    {copied ? 'Copied' : 'Copy command'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

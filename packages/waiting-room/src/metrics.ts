import { Gauge, Histogram, type Registry } from 'prom-client';
import type { QueueProgressHub } from './progress-hub';
import { listEnabledQueues } from './settings';
import type { WaitingRoom } from './waiting-room';

/**
 * Waiting-room gauges, read from Redis when /metrics is scraped, for every event with its queue on:
 * fans waiting, admissions per second and mean wait of the fans admitted, both over the last 10 s.
 */
export function registerQueueMetrics(registry: Registry, room: WaitingRoom, hub?: QueueProgressHub): void {
  if (hub) {
    const ticks = new Histogram({
      name: 'waiting_room_stream_tick_seconds',
      help: 'Time to refresh every open queue stream of one event in this process',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    new Gauge({
      name: 'waiting_room_streams',
      help: 'Queue SSE streams open in this process',
      registers: [registry],
      collect() {
        this.set(hub.streamCount);
      },
    });
    hub.onTickDone = (seconds) => ticks.observe(seconds);
  }
  const labelNames = ['event_id'] as const;
  let snapshot:
    | Promise<{ eventId: string; waiting: number; rate: number; wait: number | null; grants: number }[]>
    | undefined;
  // The four gauges collect from one read of every queue per scrape.
  const read = () => {
    snapshot ??= (async () => {
      const queues = await listEnabledQueues(room.deps.catalog);
      return Promise.all(
        queues.map(async ({ eventId }) => {
          const pulse = await room.pulse(eventId);
          return {
            eventId,
            waiting: pulse.waiting,
            rate: pulse.measuredRate ?? 0,
            wait: pulse.meanWaitSeconds,
            grants: pulse.liveGrants,
          };
        }),
      );
    })().finally(() => setTimeout(() => (snapshot = undefined), 0));
    return snapshot;
  };
  const gauge = (
    name: string,
    help: string,
    pick: (row: Awaited<ReturnType<typeof read>>[number]) => number | null,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await read()) {
          const value = pick(row);
          if (value !== null) this.labels(row.eventId).set(value);
        }
      },
    });
  gauge('waiting_room_queue_length', 'Fans waiting in the event queue', (row) => row.waiting);
  gauge(
    'waiting_room_admission_rate',
    'Fans admitted per second, measured over the last 10 s',
    (row) => row.rate,
  );
  gauge('waiting_room_wait_seconds', 'Mean wait of the fans admitted in the last 10 s', (row) => row.wait);
  gauge(
    'waiting_room_admitted_active',
    'Admitted fans whose access has not run out or been used',
    (row) => row.grants,
  );
}

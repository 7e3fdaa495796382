import { describe, expect, it } from 'vitest';
import type { Missed } from './seat-log';
import type { SeatMessage } from './seat-message';
import { SeatStreamConnection, type SseFrame } from './seat-stream-connection';

const message = (
  seq: number,
  ticketID: string,
  status: SeatMessage['changes'][number]['status'] = 'reserved',
): SeatMessage => ({ seq, eventID: 'e', changes: [{ ticketID, status }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A replay log holding messages `from`..`to`; older ones are gone. */
function source(log: SeatMessage[], current: () => number) {
  return {
    async currentSeq() {
      return current();
    },
    async missedSince(since: number): Promise<Missed> {
      const oldest = log[0]?.seq ?? current() + 1;
      if (since > current() || since + 1 < oldest) return { kind: 'reset', seq: current() };
      return { kind: 'messages', messages: log.filter((m) => m.seq > since), seq: current() };
    },
  };
}

function connect(log: SeatMessage[], current: () => number, coalesceMs = 30) {
  const frames: SseFrame[] = [];
  const connection = new SeatStreamConnection(
    'e',
    source(log, current),
    (frame) => frames.push(frame),
    { coalesceMs },
  );
  return { frames, connection };
}

describe('SeatStreamConnection', () => {
  it('starts from now with a ready frame carrying the current sequence', async () => {
    const { frames, connection } = connect([], () => 7);
    await connection.start(null);
    expect(frames).toEqual([{ event: 'ready', id: 7, data: { eventID: 'e', seq: 7 } }]);
  });

  it('coalesces changes heard within the window into one frame, the latest status of each seat', async () => {
    const { frames, connection } = connect([], () => 0);
    await connection.start(null);
    await connection.receive(message(1, 't1', 'reserved'));
    await connection.receive(message(2, 't2', 'reserved'));
    await connection.receive(message(3, 't1', 'available'));
    await sleep(60);
    expect(frames.slice(1)).toEqual([
      {
        event: 'seats',
        id: 3,
        data: {
          eventID: 'e',
          fromSeq: 1,
          seq: 3,
          changes: [
            { ticketID: 't2', status: 'reserved' },
            { ticketID: 't1', status: 'available' },
          ],
        },
      },
    ]);
    connection.close();
  });

  it('sends what a resuming client missed before anything live, and drops duplicates', async () => {
    const log = [message(4, 'a'), message(5, 'b'), message(6, 'c')];
    const { frames, connection } = connect(log, () => 6);
    const started = connection.start(3);
    // Heard on the channel while the log was being read: already in the catch-up, so dropped.
    void connection.receive(message(6, 'c'));
    await started;
    await connection.receive(message(7, 'd'));
    await sleep(60);
    expect(frames.map((f) => [f.event, f.id])).toEqual([
      ['seats', 6],
      ['ready', 6],
      ['seats', 7],
    ]);
    expect(frames[0]?.data.changes).toEqual([
      { ticketID: 'a', status: 'reserved' },
      { ticketID: 'b', status: 'reserved' },
      { ticketID: 'c', status: 'reserved' },
    ]);
  });

  it('repairs a gap in the live messages from the log', async () => {
    const log = [message(1, 'a'), message(2, 'b'), message(3, 'c')];
    const { frames, connection } = connect(log, () => 3);
    await connection.start(0);
    await sleep(40);
    frames.length = 0;
    log.push(message(4, 'd'), message(5, 'e'));
    await connection.receive(message(5, 'e'));
    await sleep(60);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      event: 'seats',
      id: 5,
      data: { fromSeq: 4, changes: [{ ticketID: 'd' }, { ticketID: 'e' }] },
    });
  });

  it('ends the stream when the log cannot be read, so the client reconnects', async () => {
    const errors: unknown[] = [];
    const failing = {
      currentSeq: async () => 0,
      missedSince: async (): Promise<Missed> => Promise.reject(new Error('redis down')),
    };
    const frames: SseFrame[] = [];
    const connection = new SeatStreamConnection('e', failing, (frame) => frames.push(frame), {
      onError: (e) => errors.push(e),
    });
    await connection.start(3);
    await connection.receive(message(9, 'x'));
    expect(frames).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('sends a reset when what was missed is older than the log', async () => {
    const { frames, connection } = connect([message(50, 'z')], () => 50);
    await connection.start(10);
    expect(frames.map((f) => f.event)).toEqual(['reset', 'ready']);
    expect(frames[0]).toMatchObject({ id: 50, data: { seq: 50 } });
  });
});

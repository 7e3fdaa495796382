import type { SeatStatus } from '@boxoffice/search';
import type { Missed } from './seat-log';
import type { SeatMessage } from './seat-message';

export interface SseFrame {
  event: 'ready' | 'seats' | 'reset';
  /** The seat sequence the client has seen once it got this frame: what it sends back as Last-Event-ID. */
  id: number;
  data: Record<string, unknown>;
}

export interface SeatStreamSource {
  /** Messages after `since` from the replay log, or a reset when they are gone. */
  missedSince(since: number): Promise<Missed>;
  currentSeq(): Promise<number>;
}

/**
 * One SSE client of one event's seat changes. Messages are applied strictly in sequence order (one
 * task at a time), duplicates dropped, gaps repaired from the replay log, and changes coalesced into
 * one `seats` frame per `coalesceMs` (a seat changed twice in that window is sent once, as it is now).
 */
export class SeatStreamConnection {
  private lastSeq = 0;
  private pending = new Map<string, SeatStatus>();
  private pendingFrom: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly eventId: string,
    private readonly source: SeatStreamSource,
    private readonly send: (frame: SseFrame) => void,
    private readonly options: { coalesceMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** Resume after `since` (sending what was missed at once), or start from now. */
  start(since: number | null): Promise<void> {
    return this.enqueue(async () => {
      if (since === null) {
        this.lastSeq = await this.source.currentSeq();
      } else {
        this.lastSeq = since;
        await this.catchUp();
        this.flush();
      }
      this.emit({ event: 'ready', id: this.lastSeq, data: { eventID: this.eventId, seq: this.lastSeq } });
    });
  }

  /** A message heard on the channel (possibly before start finished: it waits its turn). */
  receive(message: SeatMessage): Promise<void> {
    return this.enqueue(async () => {
      if (message.seq <= this.lastSeq) return;
      if (message.seq > this.lastSeq + 1) await this.catchUp();
      if (message.seq > this.lastSeq) this.add(message);
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    // A failed step (Redis unreachable) ends the stream: the client reconnects with its last id and
    // loses nothing, which beats carrying on with a gap it cannot see.
    this.chain = this.chain
      .then(() => (this.closed ? undefined : task()))
      .catch((error: unknown) => {
        this.close();
        this.options.onError?.(error);
      });
    return this.chain;
  }

  private async catchUp(): Promise<void> {
    const missed = await this.source.missedSince(this.lastSeq);
    if (missed.kind === 'reset') {
      this.flush();
      this.lastSeq = missed.seq;
      this.emit({
        event: 'reset',
        id: missed.seq,
        data: {
          eventID: this.eventId,
          seq: missed.seq,
          reason: 'missed changes are no longer kept: refetch availability',
        },
      });
      return;
    }
    for (const message of missed.messages) if (message.seq > this.lastSeq) this.add(message);
  }

  private add(message: SeatMessage): void {
    for (const change of message.changes) {
      this.pending.delete(change.ticketID);
      this.pending.set(change.ticketID, change.status);
    }
    this.pendingFrom ??= message.seq;
    this.lastSeq = message.seq;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.coalesceMs ?? 100);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const changes = [...this.pending].map(([ticketID, status]) => ({ ticketID, status }));
    this.emit({
      event: 'seats',
      id: this.lastSeq,
      data: { eventID: this.eventId, fromSeq: this.pendingFrom, seq: this.lastSeq, changes },
    });
    this.pending.clear();
    this.pendingFrom = null;
  }

  private emit(frame: SseFrame): void {
    if (!this.closed) this.send(frame);
  }
}

import type { QueueStatus } from './status';
import type { WaitingRoom } from './waiting-room';

export type ProgressListener = (status: QueueStatus) => void;

interface EventWatch {
  listeners: Map<string, Set<ProgressListener>>;
  timer: NodeJS.Timeout;
  busy: boolean;
  ticks: number;
}

/**
 * Each tick marks a quarter of the streaming fans present (one in `touchSpread`), so each fan is marked
 * every 2 s at the default 500 ms tick, well inside the shortest grace period (5 s): rewriting a score in
 * the presence set is most of a tick's Redis time, and this spreads it thin.
 */
const touchSpread = 4;

/**
 * Live progress for the SSE streams of one API process. Per event with open streams, one tick reads every
 * subscribed fan's standing in a few script calls (which also marks them present) and the event's pulse
 * once, then hands each listener its fan's status: 10,000 streams cost a handful of Redis calls a tick,
 * not 10,000.
 */
export class QueueProgressHub {
  private readonly events = new Map<string, EventWatch>();
  /** Told how long each tick took, in seconds, and for how many fans (metrics). */
  onTickDone: (seconds: number, fans: number) => void = () => {};

  constructor(
    private readonly room: WaitingRoom,
    private readonly intervalMs = 500,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  subscribe(eventId: string, userId: string, listener: ProgressListener): () => void {
    let watch = this.events.get(eventId);
    if (!watch) {
      const created: EventWatch = {
        listeners: new Map(),
        busy: false,
        ticks: 0,
        timer: setInterval(() => void this.tick(eventId, created), this.intervalMs),
      };
      watch = created;
      this.events.set(eventId, watch);
    }
    let set = watch.listeners.get(userId);
    if (!set) {
      set = new Set();
      watch.listeners.set(userId, set);
    }
    set.add(listener);
    return () => {
      const current = this.events.get(eventId);
      const fans = current?.listeners.get(userId);
      if (!current || !fans?.delete(listener)) return;
      if (fans.size === 0) current.listeners.delete(userId);
      if (current.listeners.size === 0) {
        clearInterval(current.timer);
        this.events.delete(eventId);
      }
    };
  }

  get streamCount(): number {
    let count = 0;
    for (const watch of this.events.values()) for (const set of watch.listeners.values()) count += set.size;
    return count;
  }

  private async tick(eventId: string, watch: EventWatch): Promise<void> {
    if (watch.busy || watch.listeners.size === 0) return;
    watch.busy = true;
    const started = performance.now();
    try {
      const all = [...watch.listeners.keys()];
      const slice = watch.ticks++ % touchSpread;
      const touched = all.filter((_, i) => i % touchSpread === slice);
      const rest = all.filter((_, i) => i % touchSpread !== slice);
      const settings = await this.room.settingsOf(eventId);
      const [touchedStandings, restStandings, pulse] = await Promise.all([
        this.room.standings(eventId, touched, true),
        this.room.standings(eventId, rest, false),
        this.room.pulse(eventId),
      ]);
      const users = [...touched, ...rest];
      const standings = [...touchedStandings.standings, ...restStandings.standings];
      for (const [i, userId] of users.entries()) {
        const standing = standings[i];
        if (!standing) continue;
        const status = this.room.statusFrom(settings, standing, userId, pulse);
        for (const listener of watch.listeners.get(userId) ?? []) listener(status);
      }
      this.onTickDone((performance.now() - started) / 1000, users.length);
    } catch (error) {
      this.onError(error);
    } finally {
      watch.busy = false;
    }
  }

  close(): void {
    for (const watch of this.events.values()) clearInterval(watch.timer);
    this.events.clear();
  }
}

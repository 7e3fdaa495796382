/**
 * Redis keys of one event's waiting room. Every key of an event shares the `queue:event:<id>` prefix,
 * so one Lua script touches one event's keys only.
 */
export const queueKeys = (eventId: string) => {
  const base = `queue:event:${eventId}`;
  return {
    /** Sorted set: waiting fans, lowest score first (see score.ts). */
    queue: base,
    /** Sorted set: admitted fans, scored by when their access runs out (ms). */
    admitted: `${base}:admitted`,
    /** Sorted set: waiting fans, scored by when they last showed they are still there (ms). */
    seen: `${base}:seen`,
    /** Hash: fan -> "member:joinedMs[:admittedMs]", what the anonymised log needs when they leave. */
    fans: `${base}:fans`,
    /** Hash: last admission tick, the rate's fractional carry, FCFS order counter, log sequence, sold-out flag. */
    state: `${base}:state`,
    /** Hash: per-second admissions (a:<sec>) and summed waits in ms (w:<sec>), for the measured rate. */
    rate: `${base}:rate`,
    /** List: queue log lines waiting to be written to PostgreSQL. */
    log: `${base}:log`,
  };
};

export type QueueKeys = ReturnType<typeof queueKeys>;

import { applyPaymentEvent, type BookingDeps, releaseExpiredHold, reserveSeatsBatch, sweepExpiredHolds } from '@boxoffice/booking';
import type { PaymentGateway } from '@boxoffice/payments';
import { holdExpiryJob, keys, paymentEventJob, type ReserveJob, type ReserveReply, reserveBatchJob, reserveJob } from '@boxoffice/queue';
import type { Queue } from 'bullmq';

export interface ProcessorDeps extends BookingDeps {
  gateway: PaymentGateway;
  holdExpiryQueue: Queue;
}

/**
 * Pure processor functions: job data in, result out. Tests call them without BullMQ;
 * main.ts wires them to workers. Every one is idempotent (delivery is at-least-once).
 */
export function createProcessors(deps: ProcessorDeps) {
  return {
    /** A batch of reservation requests for one event; answers each on its API process's reply channel. */
    async reserve(data: unknown): Promise<ReserveReply[]> {
      const requests = reserveRequests(data);
      const replies = await reserveSeatsBatch(deps, requests);
      const byChannel = new Map<string, ReserveReply[]>();
      for (const [i, reply] of replies.entries()) {
        const channel = requests[i]?.replyTo;
        if (!channel) continue;
        const answers = byChannel.get(channel);
        if (answers) answers.push(reply);
        else byChannel.set(channel, [reply]);
      }
      // Holds made in one transaction end together: one delayed job releases them all.
      const held = replies.filter((reply) => reply.ok);
      const first = held[0];
      await Promise.all([
        ...[...byChannel].map(([channel, answers]) => deps.redis.publish(channel, JSON.stringify(answers))),
        first
          ? deps.holdExpiryQueue.add(
              'expire',
              { reservationIds: held.map((reply) => reply.reservationId) },
              { jobId: `expire-${first.reservationId}`, delay: Math.max(0, new Date(first.expiresAt).getTime() - Date.now()) },
            )
          : null,
      ]);
      return replies;
    },

    async expire(data: unknown) {
      const job = holdExpiryJob.parse(data);
      const ids = 'reservationIds' in job ? job.reservationIds : [job.reservationId];
      let released = 0;
      for (const reservationId of ids) {
        const result = await releaseExpiredHold(deps, reservationId);
        if (result.released) released++;
        // Not due yet (payment in flight, or a clock ahead of ours): look again when it will be.
        else if (result.dueAt) {
          const delay = Math.max(1000, result.dueAt.getTime() - Date.now());
          await deps.holdExpiryQueue.add('expire', { reservationId }, { jobId: `expire-${reservationId}-${result.dueAt.getTime()}`, delay });
        }
      }
      return { released };
    },

    sweep: () => sweepExpiredHolds(deps),

    paymentEvent: (data: unknown) => applyPaymentEvent(deps, paymentEventJob.parse(data)),
  };
}

/** A batch job, or a single request queued before batching (still accepted while such jobs drain). */
function reserveRequests(data: unknown): ReserveJob[] {
  if (data && typeof data === 'object' && 'requests' in data) return reserveBatchJob.parse(data).requests;
  return [reserveJob.parse(data)];
}

export type Processors = ReturnType<typeof createProcessors>;
export { keys };

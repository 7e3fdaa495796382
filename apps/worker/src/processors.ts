import { applyPaymentEvent, type BookingDeps, releaseExpiredHold, reserveSeats, sweepExpiredHolds } from '@boxoffice/booking';
import type { PaymentGateway } from '@boxoffice/payments';
import { holdExpiryJob, keys, paymentEventJob, type ReserveReply, reserveJob } from '@boxoffice/queue';
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
    async reserve(data: unknown): Promise<ReserveReply> {
      const job = reserveJob.parse(data);
      const reply = await reserveSeats(deps, job);
      const delay = reply.ok ? Math.max(0, new Date(reply.expiresAt).getTime() - Date.now()) : 0;
      await Promise.all([
        job.replyTo ? deps.redis.publish(job.replyTo, JSON.stringify(reply)) : null,
        reply.ok ? deps.holdExpiryQueue.add('expire', { reservationId: reply.reservationId }, { jobId: `expire-${reply.reservationId}`, delay }) : null,
      ]);
      return reply;
    },

    async expire(data: unknown) {
      const { reservationId } = holdExpiryJob.parse(data);
      const result = await releaseExpiredHold(deps, reservationId);
      // Not due yet (payment in flight, or a clock ahead of ours): look again when it will be.
      if (!result.released && result.dueAt) {
        const delay = Math.max(1000, result.dueAt.getTime() - Date.now());
        await deps.holdExpiryQueue.add('expire', { reservationId }, { jobId: `expire-${reservationId}-${result.dueAt.getTime()}`, delay });
      }
      return result;
    },

    sweep: () => sweepExpiredHolds(deps),

    paymentEvent: (data: unknown) => applyPaymentEvent(deps, paymentEventJob.parse(data)),
  };
}

export type Processors = ReturnType<typeof createProcessors>;
export { keys };

import { isAppError } from '@boxoffice/domain';
import { verifyWebhook } from '@boxoffice/payments';
import { PAYMENT_EVENTS_QUEUE, type PaymentEventJob } from '@boxoffice/queue';
import type { FastifyInstance } from 'fastify';
import type { QueueCache } from '@boxoffice/queue';
import { restErrorBody } from './rest';

/**
 * Stripe's webhook: the signature is checked on the raw bytes, then the event is queued with its
 * id as the job id and acknowledged at once. The worker records the id in the database in the
 * same transaction as the effect, so retries, duplicates and any order are harmless.
 */
export async function registerWebhooks(app: FastifyInstance, options: { secret: string; queues: QueueCache }) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
    scope.post('/webhooks/stripe', async (request, reply) => {
      const header = request.headers['stripe-signature'];
      let event: ReturnType<typeof verifyWebhook>;
      try {
        event = verifyWebhook(request.body as Buffer, Array.isArray(header) ? header[0] : header, options.secret);
      } catch (error) {
        // A missing signing secret is our fault, not the sender's: let it surface as a 500.
        if (isAppError(error) && error.code === 'INTERNAL') throw error;
        const message = error instanceof Error ? error.message : 'Invalid signature';
        return reply.status(400).send(restErrorBody(400, message, [{ field: 'Stripe-Signature', reason: message }]));
      }
      const job: PaymentEventJob = {
        eventId: event.id,
        type: event.type,
        providerPaymentId: event.providerPaymentId,
        reservationId: event.reservationId,
        paymentId: event.paymentId,
        failureCode: event.failureCode,
        failureMessage: event.failureMessage,
      };
      await options.queues.get(PAYMENT_EVENTS_QUEUE).add(event.type, job, { jobId: `evt-${event.id}` });
      return reply.status(200).send({ received: true });
    });
  });
}

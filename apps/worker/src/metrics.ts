import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    reservations: new Counter({ name: 'booking_reservations_total', help: 'Reservation attempts by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    jobDuration: new Histogram({
      name: 'worker_job_duration_seconds',
      help: 'Job processing time by kind',
      labelNames: ['kind'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    reserveBatch: new Histogram({
      name: 'booking_reserve_batch_size',
      help: 'Reservation requests per reserve job (an API process batches what arrives while its previous add is in flight)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    paymentEvents: new Counter({ name: 'booking_payment_events_total', help: 'Payment webhook events by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    expired: new Counter({ name: 'booking_holds_released_total', help: 'Holds released by expiry', registers: [registry] }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export function serveMetrics(metrics: WorkerMetrics, port: number, host = '127.0.0.1'): Server {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
  });
  server.listen(port, host);
  return server;
}

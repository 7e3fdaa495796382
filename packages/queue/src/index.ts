export { commandConnection, defaultJobOptions, producerConnection, QueueCache, workerConnection } from './connection';
export { eventIdOfReserveQueue, HOLD_EXPIRY_QUEUE, keys, PAYMENT_EVENTS_QUEUE, RESERVE_QUEUE_PREFIX, reserveQueueName, seatStateTtlSeconds } from './names';
export { holdExpiryJob, paymentEventJob, reserveBatchJob, reserveJob, reserveReply } from './payloads';
export type { HoldExpiryJob, PaymentEventJob, ReserveBatchJob, ReserveJob, ReserveReply } from './payloads';
export { LuaScript } from './lua-script';

export { AdmissionLoop, countAvailableSeats } from './admission-loop';
export type { AdmissionDeps, AdmissionOptions, TickResult } from './admission-loop';
export { queueKeys } from './keys';
export type { QueueKeys } from './keys';
export { registerQueueMetrics } from './metrics';
export { QueueProgressHub } from './progress-hub';
export type { ProgressListener } from './progress-hub';
export { flushQueueLog } from './queue-log';
export { bandOf, bandOfScore } from './score';
export {
  configureQueue,
  defaultAdmissionRate,
  listEnabledQueues,
  QueueSettingsCache,
  readQueueSettings,
} from './settings';
export type { QueueSettings, QueueSettingsInput } from './settings';
export { composeStatus } from './status';
export type { Pulse, QueueState, QueueStatus, Standing } from './status';
export { createQueueTokens } from './tokens';
export type { QueueTokens } from './tokens';
export { WaitingRoom } from './waiting-room';
export type { QueueFan, WaitingRoomDeps } from './waiting-room';

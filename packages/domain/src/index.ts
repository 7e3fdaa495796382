export { AppError, errorCodes, isAppError } from './errors';
export type { ErrorCode, ErrorDetail } from './errors';
export { formatMoney, money, sumMoney } from './money';
export type { Money } from './money';

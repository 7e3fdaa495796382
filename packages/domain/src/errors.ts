/**
 * Every failure Boxoffice reports is an AppError with a code. The code decides the HTTP and tRPC
 * status (mapped once, in packages/trpc) and whether a worker retries.
 */
export const errorCodes = {
  VALIDATION_FAILED: { status: 400, retry: false },
  CARD_DATA_REFUSED: { status: 400, retry: false },
  UNAUTHENTICATED: { status: 401, retry: false },
  INVALID_CREDENTIALS: { status: 401, retry: false },
  TOKEN_INVALID: { status: 401, retry: false },
  FORBIDDEN: { status: 403, retry: false },
  PAYMENT_FAILED: { status: 402, retry: false },
  NOT_FOUND: { status: 404, retry: false },
  EVENT_NOT_FOUND: { status: 404, retry: false },
  TICKET_NOT_FOUND: { status: 404, retry: false },
  RESERVATION_NOT_FOUND: { status: 404, retry: false },
  EMAIL_TAKEN: { status: 409, retry: false },
  TICKETS_UNAVAILABLE: { status: 409, retry: false },
  HOLD_EXPIRED: { status: 409, retry: false },
  CONFLICT: { status: 409, retry: false },
  IDEMPOTENCY_MISMATCH: { status: 422, retry: false },
  RATE_LIMITED: { status: 429, retry: true },
  UNAVAILABLE: { status: 503, retry: true },
  INTERNAL: { status: 500, retry: true },
} as const satisfies Record<string, { status: number; retry: boolean }>;

export type ErrorCode = keyof typeof errorCodes;

/** One entry of an error's details: a field and reason, or a ticket and its status. */
export type ErrorDetail = Record<string, string | number | boolean | null>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** Seconds a client should wait before retrying (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; retryAfter?: number; cause?: unknown } = {}) {
    // A 4xx is an expected answer (a 409 for a taken seat, a 400 for a bad field), never logged with
    // a stack: capturing one cost ~30 µs, more than the rest of a 409's way through the worker and the API.
    const stackTraceLimit = Error.stackTraceLimit;
    if (errorCodes[code].status < 500) Error.stackTraceLimit = 0;
    try {
      super(message, { cause: options.cause });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'AppError';
    this.code = code;
    this.details = options.details ?? [];
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retry;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

import { describe, expect, it } from 'vitest';
import { AppError, errorCodes } from './errors';

describe('AppError', () => {
  it('maps codes to HTTP statuses the brief fixes', () => {
    expect(new AppError('TICKETS_UNAVAILABLE', 'x').status).toBe(409);
    expect(new AppError('PAYMENT_FAILED', 'x').status).toBe(402);
    expect(new AppError('RATE_LIMITED', 'x').status).toBe(429);
    expect(new AppError('VALIDATION_FAILED', 'x').status).toBe(400);
  });

  it('every code has a 4xx or 5xx status', () => {
    for (const { status } of Object.values(errorCodes)) expect(status).toBeGreaterThanOrEqual(400);
  });

  it('carries details and retry hints', () => {
    const error = new AppError('RATE_LIMITED', 'slow down', { retryAfter: 3, details: [{ field: 'x' }] });
    expect(error.retryAfter).toBe(3);
    expect(error.details).toEqual([{ field: 'x' }]);
    expect(error.retryable).toBe(true);
  });

  it('keeps a stack for server faults only, and leaves the global stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const expected = new AppError('TICKETS_UNAVAILABLE', 'taken');
    const fault = new AppError('INTERNAL', 'broken');
    expect(expected.stack?.split('\n')).toEqual(['AppError: taken']);
    expect(fault.stack?.split('\n').length).toBeGreaterThan(1);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(expected).toBeInstanceOf(Error);
  });
});

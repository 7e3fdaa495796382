import { AppError } from '@boxoffice/domain';
import { describe, expect, it } from 'vitest';
import { createQueueTokens } from './tokens';

const tokens = createQueueTokens('s'.repeat(32));
const reasonOf = (run: () => void) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return error instanceof AppError && error.status === 403 ? error.details[0]?.reason : 'other';
  }
};

describe('queue tokens', () => {
  it('admit only their user to their event while they last', () => {
    const token = tokens.accessToken('u1', 'e1', Date.now() + 60_000);
    expect(reasonOf(() => tokens.verifyAccess(token, 'u1', 'e1'))).toBe('accepted');
    expect(reasonOf(() => tokens.verifyAccess(token, 'u2', 'e1'))).toBe('issued to another user');
    expect(reasonOf(() => tokens.verifyAccess(token, 'u1', 'e2'))).toBe('issued for another event');
    expect(
      reasonOf(() => tokens.verifyAccess(tokens.accessToken('u1', 'e1', Date.now() - 1000), 'u1', 'e1')),
    ).toBe('expired');
    expect(reasonOf(() => tokens.verifyAccess(undefined, 'u1', 'e1'))).toBe('missing');
    expect(
      reasonOf(() =>
        tokens.verifyAccess(
          createQueueTokens('t'.repeat(32)).accessToken('u1', 'e1', Date.now() + 60_000),
          'u1',
          'e1',
        ),
      ),
    ).toBe('invalid');
  });

  it('keep stream tokens and access tokens apart', () => {
    const queueToken = tokens.queueToken('u1', 'e1');
    expect(tokens.verifyQueueToken(queueToken, 'e1')).toBe('u1');
    expect(tokens.verifyQueueToken(queueToken, 'e2')).toBeNull();
    expect(reasonOf(() => tokens.verifyAccess(queueToken, 'u1', 'e1'))).toBe('invalid');
    expect(tokens.verifyQueueToken(tokens.accessToken('u1', 'e1', Date.now() + 60_000), 'e1')).toBeNull();
  });
});

import { AppError } from '@boxoffice/domain';
import { createSigner, createVerifier } from 'fast-jwt';

/**
 * Two HS256 tokens, each with its own audience so neither passes for the other or for a sign-in token:
 *  - the queue token authenticates a fan's SSE stream (EventSource cannot send headers);
 *  - the access token proves admission: bound to user and event, it expires with the grant, and carries
 *    the grant's time as jti so a use can be recorded once. Verifying it needs no Redis.
 */
const issuer = 'boxoffice';
const queueAudience = 'boxoffice-queue';
const accessAudience = 'boxoffice-queue-access';

export interface QueueTokens {
  queueToken(userId: string, eventId: string): string;
  /** An access token that expires at `expiresAtMs` (the grant's end). */
  accessToken(userId: string, eventId: string, expiresAtMs: number): string;
  /** The user a queue token was issued to, or null if it is not a valid one for this event. */
  verifyQueueToken(token: string, eventId: string): string | null;
  /** Throws FORBIDDEN unless `token` admits `userId` to `eventId` now. */
  verifyAccess(token: string | undefined, userId: string, eventId: string): void;
}

const forbidden = (reason: string) =>
  new AppError(
    'FORBIDDEN',
    `This event has a waiting room: join the queue (POST /queue/join) and reserve with the access token it gives you (${reason})`,
    {
      details: [{ field: 'accessToken', reason }],
    },
  );

export function createQueueTokens(secret: string, queueTokenTtlSeconds = 24 * 3600): QueueTokens {
  const signQueue = createSigner({
    key: secret,
    algorithm: 'HS256',
    expiresIn: queueTokenTtlSeconds * 1000,
    iss: issuer,
    aud: queueAudience,
  });
  const signAccess = createSigner({ key: secret, algorithm: 'HS256', iss: issuer, aud: accessAudience });
  const verifyQueue = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    allowedIss: issuer,
    allowedAud: queueAudience,
    requiredClaims: ['sub', 'evt', 'exp'],
    cache: 10_000,
  });
  const verifyAccess = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    allowedIss: issuer,
    allowedAud: accessAudience,
    requiredClaims: ['sub', 'evt', 'exp'],
  });
  // Every SSE tick composes each fan's status with their queue token: signing 10,000 of them twice a
  // second would cost more than the rest of the tick, so a token is reused for an hour of its day.
  const issued = new Map<string, { token: string; at: number }>();
  return {
    queueToken(userId, eventId) {
      const key = `${eventId}:${userId}`;
      const cached = issued.get(key);
      if (cached && cached.at > Date.now() - 3_600_000) return cached.token;
      if (issued.size >= 100_000) issued.clear();
      const token = signQueue({ sub: userId, evt: eventId });
      issued.set(key, { token, at: Date.now() });
      return token;
    },
    accessToken: (userId, eventId, expiresAtMs) =>
      signAccess({
        sub: userId,
        evt: eventId,
        exp: Math.floor(expiresAtMs / 1000),
        jti: `${eventId}:${userId}:${expiresAtMs}`,
      }),
    verifyQueueToken(token, eventId) {
      try {
        const claims = verifyQueue(token) as { sub?: unknown; evt?: unknown };
        return claims.evt === eventId && typeof claims.sub === 'string' ? claims.sub : null;
      } catch {
        return null;
      }
    },
    verifyAccess(token, userId, eventId) {
      if (!token) throw forbidden('missing');
      let claims: { sub?: unknown; evt?: unknown };
      try {
        claims = verifyAccess(token) as typeof claims;
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw forbidden(code === 'FAST_JWT_EXPIRED' ? 'expired' : 'invalid');
      }
      if (claims.sub !== userId) throw forbidden('issued to another user');
      if (claims.evt !== eventId) throw forbidden('issued for another event');
    },
  };
}

import { AppError } from '@boxoffice/domain';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';

export type Role = 'customer' | 'admin';

/** What a verified access token says about its bearer. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  isMember: boolean;
}

const issuer = 'boxoffice';
const audience = 'boxoffice-api';

export interface TokenSigner {
  sign(user: AuthUser): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<AuthUser>;
}

/**
 * HS256 access tokens through fast-jwt's node:crypto HMAC, which matters on the reserve path where
 * every request carries one (jose's WebCrypto path cost about a tenth of the API's CPU under load;
 * see bench/README.md). No verified-token cache: its key is a SHA-256 of the token, which costs as
 * much as checking an HS256 signature, plus an LRU insert per new token.
 */
export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const signer = createSigner({ key: secret, algorithm: 'HS256', expiresIn: ttlSeconds * 1000, iss: issuer, aud: audience });
  const verifier = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    allowedIss: issuer,
    allowedAud: audience,
    requiredClaims: ['sub', 'exp', 'email'],
  });
  return {
    async sign(user) {
      const token = signer({ sub: user.id, email: user.email, role: user.role, member: user.isMember });
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const payload = verifier(token) as { sub?: unknown; email?: unknown; role?: unknown; member?: unknown };
        if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new Error('claims');
        return { id: payload.sub, email: payload.email, role: payload.role === 'admin' ? 'admin' : 'customer', isMember: payload.member === true };
      } catch (error) {
        const expired = error instanceof TokenError && error.code === TokenError.codes.expired;
        throw new AppError('TOKEN_INVALID', expired ? 'Access token expired' : 'Access token invalid', { cause: error });
      }
    },
  };
}

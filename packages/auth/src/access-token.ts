import { AppError } from '@boxoffice/domain';
import { errors, jwtVerify, SignJWT } from 'jose';

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

export function createTokenSigner(secret: string, ttlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(user) {
      const token = await new SignJWT({ email: user.email, role: user.role, member: user.isMember })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['HS256'] });
        const role = payload.role === 'admin' ? 'admin' : 'customer';
        if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new errors.JWTInvalid('claims');
        return { id: payload.sub, email: payload.email, role, isMember: payload.member === true };
      } catch (error) {
        const expired = error instanceof errors.JWTExpired;
        throw new AppError('TOKEN_INVALID', expired ? 'Access token expired' : 'Access token invalid', { cause: error });
      }
    },
  };
}

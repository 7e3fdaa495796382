import { AppError } from '@boxoffice/domain';
import { describe, expect, it } from 'vitest';
import { createTokenSigner } from './access-token';

const user = { id: '00000000-0000-4000-8000-000000000009', email: 'fan@example.test', role: 'customer' as const, isMember: true };

describe('access tokens', () => {
  it('round-trip the user and last one hour', async () => {
    const signer = createTokenSigner('s'.repeat(40), 3600);
    const { token, expiresIn } = await signer.sign(user);
    expect(expiresIn).toBe(3600);
    expect(await signer.verify(token)).toEqual(user);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('reject tokens signed with another key', async () => {
    const { token } = await createTokenSigner('a'.repeat(40), 3600).sign(user);
    await expect(createTokenSigner('b'.repeat(40), 3600).verify(token)).rejects.toBeInstanceOf(AppError);
  });

  it('reject expired tokens with a clear message', async () => {
    const signer = createTokenSigner('s'.repeat(40), 1);
    const { token } = await signer.sign(user);
    await new Promise((r) => setTimeout(r, 2100));
    await expect(signer.verify(token)).rejects.toThrow(/expired/);
  });
});

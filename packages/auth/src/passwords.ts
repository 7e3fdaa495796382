import { hash, verify } from '@node-rs/argon2';

// Argon2id with the library's defaults (OWASP's recommended minimum: 19 MiB, 2 passes).
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the user does not exist keeps login timing the same for both cases.
export const decoyHash = hash('boxoffice-decoy-password');

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CatalogDb } from '@boxoffice/db';
import { AppError } from '@boxoffice/domain';
import { sql } from 'kysely';
import type { AuthUser, TokenSigner } from './access-token';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: AuthUser;
}

export interface SessionDeps {
  db: CatalogDb;
  signer: TokenSigner;
  refreshTtlDays: number;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

const userColumns = ['id', 'email', 'role', 'is_member'] as const;
type UserRow = { id: string; email: string; role: AuthUser['role']; is_member: boolean };
const toAuthUser = (row: UserRow): AuthUser => ({ id: row.id, email: row.email, role: row.role, isMember: row.is_member });

/** Refresh tokens are random, stored only as a hash, and rotate on every use within a family. */
async function issueSession(deps: SessionDeps, user: AuthUser, familyId: string = randomUUID()): Promise<Session & { refreshId: string }> {
  const refreshToken = randomBytes(32).toString('base64url');
  const inserted = await deps.db
    .insertInto('refresh_tokens')
    .values({
      user_id: user.id,
      family_id: familyId,
      token_hash: digest(refreshToken),
      expires_at: sql<Date>`now() + make_interval(days => ${deps.refreshTtlDays})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { token, expiresIn } = await deps.signer.sign(user);
  return { accessToken: token, refreshToken, expiresIn, user, refreshId: inserted.id };
}

const strip = ({ refreshId: _refreshId, ...session }: Session & { refreshId: string }): Session => session;

export async function registerUser(
  deps: SessionDeps,
  input: { email: string; password: string; displayName?: string | undefined },
): Promise<Session> {
  const passwordHash = await hashPassword(input.password);
  const row = await deps.db
    .insertInto('users')
    .values({ email: normalizeEmail(input.email), password_hash: passwordHash, display_name: input.displayName ?? null })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(userColumns)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', { details: [{ field: 'email', reason: 'taken' }] });
  }
  return strip(await issueSession(deps, toAuthUser(row)));
}

export async function loginUser(deps: SessionDeps, input: { email: string; password: string }): Promise<Session> {
  const row = await deps.db
    .selectFrom('users')
    .select([...userColumns, 'password_hash'])
    .where(sql`lower(email)`, '=', normalizeEmail(input.email))
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? (await decoyHash), input.password);
  if (!row || !ok) throw new AppError('INVALID_CREDENTIALS', 'Email or password is wrong');
  return strip(await issueSession(deps, toAuthUser(row)));
}

/**
 * Rotate a refresh token. Presenting a token that was already rotated means it leaked:
 * the whole family is revoked, so the thief's and the owner's sessions both end.
 */
export async function refreshSession(deps: SessionDeps, refreshToken: string): Promise<Session> {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('refresh_tokens')
      .select(['id', 'user_id', 'family_id', 'revoked_at', 'expires_at'])
      .where('token_hash', '=', digest(refreshToken))
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('TOKEN_INVALID', 'Refresh token is not valid');
    if (current.revoked_at) return { session: null, reusedFamily: current.family_id };
    if (current.expires_at.getTime() <= Date.now()) throw new AppError('TOKEN_INVALID', 'Refresh token expired');
    const user = await trx.selectFrom('users').select(userColumns).where('id', '=', current.user_id).executeTakeFirst();
    if (!user) throw new AppError('TOKEN_INVALID', 'Refresh token is not valid');
    const next = await issueSession({ ...deps, db: trx }, toAuthUser(user), current.family_id);
    await trx
      .updateTable('refresh_tokens')
      .set({ revoked_at: sql`now()`, replaced_by: next.refreshId })
      .where('id', '=', current.id)
      .execute();
    return { session: strip(next), reusedFamily: null };
  });
  if (outcome.session) return outcome.session;
  // Committed on its own: the revocation must outlive the failed request that discovered the reuse.
  if (outcome.reusedFamily) await revokeFamily(deps.db, outcome.reusedFamily);
  throw new AppError('TOKEN_INVALID', 'Refresh token was already used; every session of this sign-in was ended');
}

async function revokeFamily(db: CatalogDb, familyId: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ revoked_at: sql`now()` }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
}

export async function revokeSession(db: CatalogDb, refreshToken: string): Promise<void> {
  const row = await db.selectFrom('refresh_tokens').select('family_id').where('token_hash', '=', digest(refreshToken)).executeTakeFirst();
  if (row) await revokeFamily(db, row.family_id);
}

/** Create or reset an account with a fixed role (the demo admin, test fixtures). */
export async function ensureUser(
  db: CatalogDb,
  input: { email: string; password: string; role: AuthUser['role']; isMember?: boolean; displayName?: string },
): Promise<AuthUser> {
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(input.email);
  const row = await db
    .insertInto('users')
    .values({ email, password_hash: passwordHash, role: input.role, is_member: input.isMember ?? false, display_name: input.displayName ?? null })
    .onConflict((oc) =>
      oc.expression(sql`lower(email)`).doUpdateSet({
        password_hash: passwordHash,
        role: input.role,
        is_member: input.isMember ?? false,
        version: sql`users.version + 1`,
      }),
    )
    .returning(userColumns)
    .executeTakeFirstOrThrow();
  return toAuthUser(row);
}

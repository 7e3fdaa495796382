import { ensureUser } from '@boxoffice/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, startTestApi, type TestApi, uniqueEmail } from './helpers';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});
// These tests sign in often from one address; the limiter itself is tested in rate-limit.integration.test.ts.
beforeEach(async () => {
  await api.services.redis.del('rl:auth:ip:127.0.0.1');
});

describe('health and metrics', () => {
  it('reports every shard, the catalog and Redis as ok', async () => {
    const res = await call(api.url, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(Object.keys(res.body.checks).sort()).toEqual(['catalog', 'redis', 'shard_0', 'shard_1']);
  });

  it('exposes Prometheus metrics including request latency', async () => {
    await call(api.url, '/healthz');
    const res = await fetch(`${api.url}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await call(api.url, '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/auth/register', '/auth/login', '/auth/refresh']));
    const ui = await fetch(`${api.url}/docs/`);
    expect(ui.status).toBe(200);
  });
});

describe('auth over REST', () => {
  it('registers, logs in, calls an authed route and refreshes with rotation', async () => {
    const email = uniqueEmail();
    const registered = await call(api.url, '/auth/register', { body: { email, password: 'correct horse battery' } });
    expect(registered.status).toBe(200);
    expect(registered.body.user).toMatchObject({ email, role: 'customer', isMember: false });
    expect(registered.body.expiresIn).toBe(3600);

    const login = await call(api.url, '/auth/login', { body: { email: email.toUpperCase(), password: 'correct horse battery' } });
    expect(login.status).toBe(200);
    const me = await call(api.url, '/auth/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);

    const refreshed = await call(api.url, '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);

    // Reusing a rotated token revokes the whole family, including the token it was rotated into.
    const reuse = await call(api.url, '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(reuse.status).toBe(401);
    const afterReuse = await call(api.url, '/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } });
    expect(afterReuse.status).toBe(401);
  });

  it('refuses a duplicate email with 409', async () => {
    const email = uniqueEmail();
    await call(api.url, '/auth/register', { body: { email, password: 'password-one' } });
    const again = await call(api.url, '/auth/register', { body: { email, password: 'password-two' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe(409);
  });

  it('refuses a wrong password with 401 and the brief error shape', async () => {
    const email = uniqueEmail();
    await call(api.url, '/auth/register', { body: { email, password: 'password-one' } });
    const res = await call(api.url, '/auth/login', { body: { email, password: 'password-two' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 401, message: 'Email or password is wrong', details: [] } });
  });

  it('answers 401 without a token and with a forged one', async () => {
    expect((await call(api.url, '/auth/me')).status).toBe(401);
    const forged = await call(api.url, '/auth/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/invalid/i);
  });

  it('gives a customer 403 on an admin route and an admin 200', async () => {
    const customer = await call(api.url, '/auth/register', { body: { email: uniqueEmail(), password: 'password-one' } });
    const denied = await call(api.url, '/admin/overview', { token: customer.body.accessToken });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe(403);

    const adminEmail = uniqueEmail('admin');
    await ensureUser(api.services.db.catalog, { email: adminEmail, password: 'admin-password', role: 'admin' });
    const admin = await call(api.url, '/auth/login', { body: { email: adminEmail, password: 'admin-password' } });
    const overview = await call(api.url, '/admin/overview', { token: admin.body.accessToken });
    expect(overview.status).toBe(200);
    expect(overview.body.shards).toHaveLength(2);
  });
});

describe('bad input', () => {
  it('names the field and reason with 400, never 500', async () => {
    const res = await call(api.url, '/auth/register', { body: { email: 'not-an-email', password: 'x' } });
    expect(res.status).toBe(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['email', 'password']);
    expect(res.body.error.message).toMatch(/email|password/);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await call(api.url, '/auth/login', { body: '{"email":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(400);
  });

  it('answers a missing body with 400 and an unknown path with 404', async () => {
    const empty = await call(api.url, '/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    const unknown = await call(api.url, '/no/such/path');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe(404);
  });

  it('creates nothing when input is refused', async () => {
    const email = uniqueEmail();
    await call(api.url, '/auth/register', { body: { email, password: 'short' } });
    const login = await call(api.url, '/auth/login', { body: { email, password: 'short' } });
    expect(login.status).toBe(401);
  });
});

describe('tRPC twins', () => {
  it('serves the same procedures over /trpc with typed error data', async () => {
    const res = await call(api.url, '/trpc/auth.login', { body: { email: 'nobody@example.test', password: 'whatever-1' } });
    expect(res.status).toBe(401);
    expect(res.body.error.data.appCode).toBe('INVALID_CREDENTIALS');
  });
});

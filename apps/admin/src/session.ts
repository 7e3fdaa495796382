/**
 * The staff session: access and refresh tokens in sessionStorage (gone when the tab closes, never
 * shared with other tabs' users), refreshed once on a 401 and dropped when the refresh fails.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  email: string;
  role: 'customer' | 'admin';
}

const storageKey = 'boxoffice-admin-session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

export const getSession = () => current;

export function setSession(session: Session | null) {
  current = session;
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface SessionAnswer {
  accessToken: string;
  refreshToken: string;
  user: { email: string; role: 'customer' | 'admin' };
}

const toSession = (answer: SessionAnswer): Session => ({
  accessToken: answer.accessToken,
  refreshToken: answer.refreshToken,
  email: answer.user.email,
  role: answer.user.role,
});

export async function signIn(email: string, password: string): Promise<Session> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `Sign-in failed (${response.status})`);
  const session = toSession(body as SessionAnswer);
  if (session.role !== 'admin')
    throw new Error('This account is not staff: the admin app needs an admin account');
  setSession(session);
  return session;
}

export async function signOut() {
  const session = current;
  setSession(null);
  if (session) {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    }).catch(() => {});
  }
}

let refreshing: Promise<Session | null> | null = null;

/** One refresh at a time: parallel 401s share it, since a refresh token is single-use. */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    const session = current;
    if (!session) return null;
    try {
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) {
        setSession(null);
        return null;
      }
      const next = toSession((await response.json()) as SessionAnswer);
      setSession(next);
      return next;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

import { apiBase } from './api-base';

export interface SessionUser {
  id: string;
  email: string;
  role: 'customer' | 'admin';
  isMember: boolean;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  user: SessionUser;
}

interface SessionAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: SessionUser;
}

const storageKey = 'boxoffice.session';
// Refresh a little early, so a request never leaves with a token that dies on the way.
const refreshMarginMs = 60_000;

const listeners = new Set<() => void>();
let current: Session | null = read();
let refreshing: Promise<Session | null> | null = null;

function read(): Session | null {
  try {
    const raw = localStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function publish(next: Session | null) {
  current = next;
  if (next) localStorage.setItem(storageKey, JSON.stringify(next));
  else localStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

// Another tab signed in or out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== storageKey) return;
  current = read();
  for (const listener of listeners) listener();
});

export const fromAnswer = (answer: SessionAnswer): Session => ({
  accessToken: answer.accessToken,
  refreshToken: answer.refreshToken,
  expiresAt: Date.now() + answer.expiresIn * 1000,
  user: answer.user,
});

async function refresh(session: Session): Promise<Session | null> {
  try {
    const response = await fetch(`${apiBase}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (!response.ok) {
      // A refused refresh token means the sign-in is over (expired or revoked); a 5xx keeps it for later.
      if (response.status < 500) publish(null);
      return null;
    }
    const next = fromAnswer((await response.json()) as SessionAnswer);
    publish(next);
    return next;
  } catch {
    return null;
  }
}

export const sessionStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: () => current,
  set: (session: Session | null) => publish(session),
  /** A live access token, refreshed once (shared by concurrent callers) when it is about to expire. */
  async accessToken(): Promise<string | null> {
    const session = current;
    if (!session) return null;
    if (session.expiresAt - Date.now() > refreshMarginMs) return session.accessToken;
    refreshing ??= refresh(session).finally(() => {
      refreshing = null;
    });
    return (await refreshing)?.accessToken ?? null;
  },
};

import type { AppRouter } from '@boxoffice/trpc';
import type { inferRouterOutputs } from '@trpc/server';
import { apiBase } from './api-base';
import { sessionStore } from './session-store';

/**
 * The waiting room's REST contract (packages/trpc routers/queue.ts), typed from the router itself.
 * Called over REST rather than tRPC so an API without the waiting room answers 404, which reads as
 * "no queue for this event", and so the SSE stream and these calls share one token flow.
 */
type QueueOutputs = inferRouterOutputs<AppRouter>['queue'];
export type QueueStatus = QueueOutputs['status'];
export type QueueState = QueueStatus['state'];
export type QueueSettings = QueueOutputs['settings'];

export class QueueError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: { appCode?: string; retryAfter?: number | null } | null = null,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const token = await sessionStore.accessToken();
  const response = await fetch(`${apiBase}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const retryAfter = Number(response.headers.get('retry-after')) || null;
    const appCode =
      response.status === 429 ? 'RATE_LIMITED' : response.status === 401 ? 'UNAUTHENTICATED' : undefined;
    throw new QueueError(response.status, body?.error?.message ?? response.statusText, {
      appCode,
      retryAfter,
    });
  }
  return (await response.json()) as T;
}

export async function queueSettings(eventId: string): Promise<QueueSettings | null> {
  try {
    return await call<QueueSettings>(`/queue/${eventId}/settings`);
  } catch (error) {
    if (error instanceof QueueError && error.status === 404) return null;
    throw error;
  }
}

export const queueStatus = (eventId: string) => call<QueueStatus>(`/queue/${eventId}`);

export const joinQueue = (eventId: string) =>
  call<QueueStatus>('/queue/join', { method: 'POST', body: JSON.stringify({ eventID: eventId }) });

export const queueStreamUrl = (eventId: string, queueToken: string) =>
  `${apiBase}/queue/${eventId}/stream?token=${encodeURIComponent(queueToken)}`;

/** The admission pass for an event, kept for this tab only until it expires. */
const passKey = (eventId: string) => `boxoffice.queue-pass.${eventId}`;

export function savePass(eventId: string, accessToken: string, expiresInSeconds: number | null) {
  const expiresAt = Date.now() + (expiresInSeconds ?? 600) * 1000;
  sessionStorage.setItem(passKey(eventId), JSON.stringify({ accessToken, expiresAt }));
}

export function readPass(eventId: string): string | null {
  try {
    const raw = sessionStorage.getItem(passKey(eventId));
    if (!raw) return null;
    const pass = JSON.parse(raw) as { accessToken: string; expiresAt: number };
    return pass.expiresAt > Date.now() ? pass.accessToken : null;
  } catch {
    return null;
  }
}

export const dropPass = (eventId: string) => sessionStorage.removeItem(passKey(eventId));

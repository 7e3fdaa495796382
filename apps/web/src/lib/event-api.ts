import type { AppRouter } from '@boxoffice/trpc';
import { queryOptions } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { apiBase } from './api-base';

/** catalog.event's answer, typed from the router itself. */
export type EventAnswer = inferRouterOutputs<AppRouter>['catalog']['event'];

const appCodeOf: Record<number, string> = {
  400: 'EVENT_NOT_FOUND',
  404: 'EVENT_NOT_FOUND',
  429: 'RATE_LIMITED',
};

/** A failed event read, shaped like a tRPC client error's data so retries and wording treat it alike. */
export class EventReadError extends Error {
  readonly data: { httpStatus: number; appCode: string; retryAfter: number | null };

  constructor(status: number, message: string, retryAfter: number | null) {
    super(message);
    this.data = { httpStatus: status, appCode: appCodeOf[status] ?? 'UNAVAILABLE', retryAfter };
  }
}

/**
 * The event page over REST, without the fan's token: the answer does not depend on who asks, so the
 * API serves it from the body it keeps per seat state (apps/api EventPageBodies) instead of building
 * a 1,000-seat page per fan through tRPC, and a CDN could cache it. Its statuses are kept live by the
 * seat stream from `seq`.
 */
export async function fetchEvent(eventId: string): Promise<EventAnswer> {
  const response = await fetch(`${apiBase}/event/${encodeURIComponent(eventId)}`);
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    const retryAfter = Number(response.headers.get('retry-after')) || null;
    throw new EventReadError(response.status, body?.error?.message ?? response.statusText, retryAfter);
  }
  return (await response.json()) as EventAnswer;
}

/** Never refetched: the seat stream keeps the snapshot current. */
export const eventQueryOptions = (eventId: string) =>
  queryOptions({ queryKey: ['event', eventId], queryFn: () => fetchEvent(eventId), staleTime: Number.POSITIVE_INFINITY });

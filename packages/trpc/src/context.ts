import type { AuthUser, TokenSigner } from '@boxoffice/auth';
import type { BookingDeps, RedisHub, ReservationRequester } from '@boxoffice/booking';
import type { Databases } from '@boxoffice/db';
import type { Redis } from 'ioredis';
import type { PaymentGateway } from '@boxoffice/payments';
import type { EventPage, SearchQuery, SearchResult, SeatStatus } from '@boxoffice/search';
import type { WaitingRoom } from '@boxoffice/waiting-room';
import type { RateLimits } from './rate-limit';

export interface BookingServices {
  deps: BookingDeps & { gateway: PaymentGateway };
  requester: ReservationRequester;
  hub: RedisHub;
  confirmWaitMs: number;
}

/** An event page's static part with every seat's live status (in `page.tickets` order) and its sequence. */
export interface EventSeats {
  page: EventPage;
  statuses: SeatStatus[];
  /** The seat-change sequence this snapshot includes; a seat stream resumes after it. */
  seq: number;
}

/** Catalog reads: search and event pages, cached, with seat status live from Redis. */
export interface CatalogServices {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Null for an unknown (or unpublished) event. */
  eventSeats(eventId: string): Promise<EventSeats | null>;
}

/** Long-lived dependencies, built once per process. */
export interface Services {
  db: Databases;
  redis: Redis;
  signer: TokenSigner;
  rateLimits: RateLimits;
  config: { refreshTtlDays: number };
  booking: BookingServices;
  catalog: CatalogServices;
  /** The virtual waiting room of hot on-sales (packages/waiting-room). */
  waitingRoom: WaitingRoom;
}

/** What every procedure sees: the services, who is calling, and from where. */
export interface Context extends Services {
  user: AuthUser | null;
  /** Set when a bearer token was presented but failed verification, so authed procedures say why. */
  authError: string | null;
  clientIp: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The bearer of an Authorization header: the verified user, or why there is none. */
export async function verifyBearer(
  signer: TokenSigner,
  header: string | string[] | undefined,
): Promise<{ user: AuthUser | null; authError: string | null }> {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return { user: null, authError: null };
  const match = /^Bearer\s+(.+)$/i.exec(value);
  if (!match?.[1]) return { user: null, authError: 'Authorization header must be "Bearer <token>"' };
  try {
    return { user: await signer.verify(match[1]), authError: null };
  } catch (error) {
    return { user: null, authError: error instanceof Error ? error.message : 'Access token invalid' };
  }
}

/** Build a context from an Authorization header; shared by the HTTP adapters and tests. */
export async function createContext(
  services: Services,
  request: { headers: Record<string, string | string[] | undefined>; ip: string },
): Promise<Context> {
  const { user, authError } = await verifyBearer(services.signer, request.headers.authorization);
  return { ...services, user, authError, clientIp: request.ip, headers: request.headers };
}

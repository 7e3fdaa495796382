import { AppError } from '@boxoffice/domain';
import {
  encodeStatuses,
  eventPageSchema,
  type SearchQuery,
  searchLimits,
  sectionCounts,
} from '@boxoffice/search';
import { z } from 'zod';
import type { Context } from '../context';
import { publicProcedure, rateLimited, router } from '../trpc';

const eventTypes = ['concert', 'sports', 'theater', 'comedy', 'festival', 'family'] as const;
const dayMs = 86_400_000;

/** A UTC calendar day, refusing dates that do not exist (2026-02-30). */
function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value ? null : day;
}

/** `2026-12-24` (that day) or `2026-12-01..2026-12-31` (both days inclusive), in UTC. */
const dateRange = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parts = value.split('..');
    const from = parseDay(parts[0] ?? '');
    const until = parseDay(parts[1] ?? parts[0] ?? '');
    if (!from || !until || parts.length > 2) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a day (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)',
      });
      return z.NEVER;
    }
    if (until < from) {
      ctx.addIssue({ code: 'custom', message: 'the range must not end before it starts' });
      return z.NEVER;
    }
    return { from, to: new Date(until.getTime() + dayMs - 1) };
  });

const coordinates = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

export const searchInput = z
  .object({
    query: z.string().trim().max(200, 'at most 200 characters').optional(),
    location: z
      .string()
      .trim()
      .min(1)
      .max(100, 'at most 100 characters')
      .optional()
      .describe('A city ("New York"), or "lat,lon" for events within `radius` km'),
    radius: z
      .number()
      .min(1)
      .max(1000)
      .default(50)
      .describe('Kilometres around `location` when it is "lat,lon"'),
    date: dateRange
      .optional()
      .describe('A day (2026-12-24) or a range (2026-12-01..2026-12-31), UTC, both ends inclusive'),
    type: z.enum(eventTypes).optional(),
    page: z.number().int().min(1).default(1),
    size: z.number().int().min(1).max(searchLimits.maxSize).default(searchLimits.defaultSize),
  })
  .superRefine((input, ctx) => {
    const match = input.location ? coordinates.exec(input.location) : null;
    if (match && (Math.abs(Number(match[1])) > 90 || Math.abs(Number(match[2])) > 180)) {
      ctx.addIssue({
        code: 'custom',
        path: ['location'],
        message: 'coordinates must be a latitude in [-90, 90] and a longitude in [-180, 180]',
      });
    }
    if (input.page * input.size > searchLimits.maxResultWindow) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: `page * size must be at most ${searchLimits.maxResultWindow}`,
      });
    }
  });

export type SearchInput = z.infer<typeof searchInput>;

function toSearchQuery(input: SearchInput): SearchQuery {
  const match = input.location ? coordinates.exec(input.location) : null;
  return {
    text: input.query || undefined,
    city: match ? undefined : input.location,
    near: match ? { lat: Number(match[1]), lon: Number(match[2]), radiusKm: input.radius } : undefined,
    from: input.date?.from,
    to: input.date?.to,
    type: input.type,
    page: input.page,
    size: input.size,
  };
}

const money = z.object({ amount: z.number().int(), currency: z.string() });
const uuid = z.uuid('must be a UUID');
const seatStatus = z.enum(['available', 'reserved', 'sold']);

const searchOutput = z.object({
  events: z.array(
    z.object({
      eventID: z.string(),
      name: z.string(),
      date: z.string(),
      location: z.string(),
      type: z.enum(eventTypes),
      venue: z.object({ venueID: z.string(), name: z.string(), city: z.string() }),
      performers: z.array(z.string()),
      lowestPrice: money.nullable(),
    }),
  ),
  meta: z.object({ total: z.number().int(), page: z.number().int(), size: z.number().int() }),
});

const eventOutput = z.object({
  event: eventPageSchema.omit({ tickets: true }).extend({
    seq: z
      .number()
      .int()
      .describe('Seat-change sequence this status snapshot includes; stream seats from it'),
    tickets: z.array(
      z.object({
        ticketID: z.string(),
        seatNumber: z.string(),
        section: z.string(),
        row: z.string(),
        price: z.number().int(),
        status: seatStatus,
      }),
    ),
  }),
});

const availabilityOutput = z.object({
  eventID: z.string(),
  seq: z.number().int(),
  ticketCount: z.number().int(),
  encoding: z.enum(['rle', 'bitmap']),
  statuses: z.string(),
  counts: z.object({ available: z.number().int(), reserved: z.number().int(), sold: z.number().int() }),
  sections: z.array(
    z.object({
      section: z.string(),
      available: z.number().int(),
      reserved: z.number().int(),
      sold: z.number().int(),
    }),
  ),
});

/**
 * GET /search's answer, shared by catalog.search and the API's direct route for anonymous searches
 * (which skips tRPC's caller and the output schema: the answer is built here from typed results).
 */
export async function searchEvents(catalog: Context['catalog'], input: SearchInput) {
  const result = await catalog.search(toSearchQuery(input));
  return {
    events: result.events.map(({ venue, ...hit }) => ({
      ...hit,
      venue: { venueID: venue.id, name: venue.name, city: venue.city },
    })),
    meta: { total: result.total, page: result.page, size: result.size },
  };
}

export const eventInput = z.object({ eventID: uuid });

export const eventNotFound = (eventId: string) =>
  new AppError('EVENT_NOT_FOUND', 'No such event', { details: [{ eventID: eventId }] });

/** An event's seats: its static page and live statuses, or EVENT_NOT_FOUND (404). */
export async function eventSeats(catalog: Context['catalog'], eventId: string) {
  const seats = await catalog.eventSeats(eventId);
  if (!seats) throw eventNotFound(eventId);
  return seats;
}

type EventSeats = Awaited<ReturnType<typeof eventSeats>>;

/** A ticket's fields in the answer, all but its status. */
const ticketAt = ({ tickets }: EventSeats['page'], i: number) => ({
  ticketID: tickets.ids[i] ?? '',
  seatNumber: tickets.seatNumbers[i] ?? '',
  section: tickets.sections[i] ?? '',
  row: tickets.rows[i] ?? '',
  price: tickets.prices[i] ?? 0,
});

/**
 * GET /event/{eventID}'s answer, shared by catalog.event and the API's direct route for anonymous
 * readers (which serialises it once per seat-change sequence: apps/api EventPageBodies).
 */
export function eventAnswer({ page, statuses, seq }: EventSeats) {
  const { tickets, ...event } = page;
  return {
    event: {
      ...event,
      seq,
      tickets: tickets.ids.map((_, i) => ({ ...ticketAt(page, i), status: statuses[i] ?? 'available' })),
    },
  };
}

/**
 * The same answer as JSON.stringify(eventAnswer(...)), in two steps: everything but status and the
 * sequence serialised once per static page, then each render only splices those in. A render is a
 * string concatenation, which is what keeps rebuilding a page after every seat change affordable.
 */
export function eventAnswerTemplate(page: EventSeats['page']) {
  const { tickets, ...event } = page;
  // `{"event":{…static fields…` without its closing braces: seq and tickets follow, in eventAnswer's order.
  const head = JSON.stringify({ event }).slice(0, -2);
  const ticketHeads = tickets.ids.map((_, i) => `${JSON.stringify(ticketAt(page, i)).slice(0, -1)},"status":"`);
  return {
    ticketIds: tickets.ids,
    /** Characters the template holds, for a memory budget. */
    size: head.length + ticketHeads.reduce((sum, part) => sum + part.length, 0),
    render(statuses: EventSeats['statuses'], seq: number): string {
      const parts = ticketHeads.map((part, i) => `${part}${statuses[i] ?? 'available'}"}`);
      return `${head},"seq":${seq},"tickets":[${parts.join(',')}]}}`;
    },
  };
}

export const catalogRouter = router({
  search: publicProcedure
    .use(rateLimited('search'))
    .meta({
      openapi: {
        method: 'GET',
        path: '/search',
        tags: ['catalog'],
        summary: 'Search events by words, city or coordinates, dates and type',
        description:
          'Partial and misspelt words match ("tayl swif"). Listed events only (not draft or cancelled); best match first, soonest first without words. `total` is exact up to 10,000.',
        errorResponses: { 400: 'Bad parameter (named in details)', 429: 'Rate limited' },
      },
    })
    .input(searchInput)
    .output(searchOutput)
    .query(({ ctx, input }) => searchEvents(ctx.catalog, input)),

  event: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/event/{eventID}',
        tags: ['catalog'],
        summary:
          'An event: venue, performers, seating map, price tiers and every ticket with its live status',
        description:
          'For big venues prefer /event/{eventID}/availability for statuses, and the seat stream for changes.',
        errorResponses: { 400: 'Malformed id', 404: 'Unknown event' },
      },
    })
    .input(eventInput)
    .output(eventOutput)
    .query(async ({ ctx, input }) => eventAnswer(await eventSeats(ctx.catalog, input.eventID))),

  availability: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/event/{eventID}/availability',
        tags: ['catalog'],
        summary:
          'Seat availability in kilobytes: per-section counts and every seat in event-page ticket order',
        description:
          'statuses, with encoding=rle (default): runs like "A120R2S4" (A available, R reserved, S sold, then a count). ' +
          'With encoding=bitmap: base64 of 2 bits per seat, first seat in the top bits of the first byte (00 available, 01 reserved, 10 sold). ' +
          'Seats follow the order of `tickets` in GET /event/{eventID}. Resume the seat stream from `seq`.',
        errorResponses: { 400: 'Malformed id or encoding', 404: 'Unknown event' },
      },
    })
    .input(z.object({ eventID: uuid, encoding: z.enum(['rle', 'bitmap']).default('rle') }))
    .output(availabilityOutput)
    .query(async ({ ctx, input }) => {
      const { page, statuses, seq } = await eventSeats(ctx.catalog, input.eventID);
      const sections = sectionCounts(page.tickets.sections, statuses);
      const counts = { available: 0, reserved: 0, sold: 0 };
      for (const status of statuses) counts[status]++;
      return {
        eventID: input.eventID,
        seq,
        ticketCount: statuses.length,
        encoding: input.encoding,
        statuses: encodeStatuses(statuses, input.encoding),
        counts,
        sections,
      };
    }),
});

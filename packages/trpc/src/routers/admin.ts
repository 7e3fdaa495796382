import { invalidateEventCaches } from '@boxoffice/cache';
import { sql } from 'kysely';
import { z } from 'zod';
import { eventDetail, listEvents, listVenues } from '../admin/event-reads';
import { eventStatuses } from '../admin/event-status';
import { createEvent, setEventStatus, updateEvent } from '../admin/manage-events';
import { findOrders, refundOrder } from '../admin/orders';
import { reserveQueueOverview } from '../admin/reserve-queues';
import { adminProcedure, router } from '../trpc';

const uuid = z.uuid('must be a UUID');
const eventTypes = ['concert', 'sports', 'theater', 'comedy', 'festival', 'family'] as const;
const money = z.object({ amount: z.number().int(), currency: z.string() });
const seatCounts = z.object({
  available: z.number().int(),
  reserved: z.number().int(),
  sold: z.number().int(),
  total: z.number().int(),
});
const version = z
  .number()
  .int('must be a whole number')
  .min(0)
  .describe('The version you read; a stale one answers 409');
const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone' })
  .transform((value) => new Date(value));

const priceTiers = z
  .array(
    z.object({
      code: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9]{1,20}$/, 'must be 1-20 letters or digits'),
      name: z.string().trim().min(1, 'must not be empty').max(80, 'at most 80 characters'),
      price: z
        .number()
        .int('must be whole minor units (cents)')
        .min(0, 'must be 0 or more')
        .max(10_000_000, 'at most 10,000,000'),
    }),
  )
  .min(1, 'needs at least one tier')
  .max(30, 'at most 30 tiers')
  .superRefine((tiers, ctx) => {
    const codes = tiers.map((tier) => tier.code);
    if (new Set(codes).size !== codes.length)
      ctx.addIssue({ code: 'custom', message: 'tier codes must not repeat' });
  });

const eventFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters'),
  description: z.string().trim().max(5000, 'at most 5000 characters'),
  type: z.enum(eventTypes),
  startsAt: instant,
  onSaleAt: instant,
  venueID: uuid,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD'),
  priceTiers,
};

const onSaleBeforeStart = (input: { startsAt?: Date; onSaleAt?: Date }, ctx: z.RefinementCtx) => {
  if (input.startsAt && input.onSaleAt && input.onSaleAt > input.startsAt) {
    ctx.addIssue({ code: 'custom', path: ['onSaleAt'], message: 'must not be after the event starts' });
  }
};

const createInput = z
  .object({
    ...eventFields,
    description: eventFields.description.default(''),
    currency: eventFields.currency.default('USD'),
  })
  .superRefine(onSaleBeforeStart);

const updateInput = z
  .object({
    eventID: uuid,
    version,
    name: eventFields.name.optional(),
    description: eventFields.description.optional(),
    type: eventFields.type.optional(),
    startsAt: eventFields.startsAt.optional(),
    onSaleAt: eventFields.onSaleAt.optional(),
    venueID: eventFields.venueID.optional(),
    currency: eventFields.currency.optional(),
    priceTiers: eventFields.priceTiers.optional(),
  })
  .superRefine(onSaleBeforeStart);

const eventSummary = z.object({
  eventID: uuid,
  name: z.string(),
  type: z.enum(eventTypes),
  status: z.enum(eventStatuses),
  startsAt: z.string(),
  onSaleAt: z.string(),
  version: z.number().int(),
  venue: z.object({ name: z.string(), city: z.string() }),
  counts: seatCounts,
  revenue: money,
});

const eventDetailOutput = z.object({
  eventID: uuid,
  name: z.string(),
  description: z.string(),
  type: z.enum(eventTypes),
  status: z.enum(eventStatuses),
  nextStatuses: z.array(z.enum(eventStatuses)),
  startsAt: z.string(),
  onSaleAt: z.string(),
  currency: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  venue: z.object({ venueID: uuid, name: z.string(), city: z.string(), tiers: z.array(z.string()) }),
  priceTiers: z.array(z.object({ code: z.string(), name: z.string(), price: z.number().int() })),
  counts: seatCounts,
  revenue: money,
  sections: z.array(
    z.object({
      section: z.string(),
      name: z.string(),
      available: z.number().int(),
      reserved: z.number().int(),
      sold: z.number().int(),
    }),
  ),
  reservations: z.array(
    z.object({
      reservationID: uuid,
      email: z.string().nullable(),
      status: z.string(),
      seats: z.number().int(),
      total: money,
      createdAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
  orders: z.array(
    z.object({
      orderID: uuid,
      email: z.string().nullable(),
      status: z.string(),
      total: money,
      createdAt: z.string(),
    }),
  ),
});

const orderView = z.object({
  orderID: uuid,
  reservationID: uuid,
  eventID: uuid,
  eventName: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['confirmed', 'refunded', 'cancelled']),
  total: money,
  version: z.number().int(),
  createdAt: z.string(),
  seats: z.array(z.string()),
  payment: z
    .object({ paymentID: uuid, status: z.string(), provider: z.string(), refundID: z.string().nullable() })
    .nullable(),
});

const written = z.object({ eventID: uuid, version: z.number().int(), tickets: z.number().int().nullable() });
const protect = true;
const tags = ['admin'];

export const adminRouter = router({
  overview: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/overview',
        tags,
        summary: 'Catalog and inventory totals',
        protect,
      },
    })
    .input(z.void())
    .output(
      z.object({
        events: z.number().int(),
        venues: z.number().int(),
        performers: z.number().int(),
        users: z.number().int(),
        shards: z.array(
          z.object({ index: z.number().int(), tickets: z.number().int(), reservations: z.number().int() }),
        ),
      }),
    )
    .query(async ({ ctx }) => {
      const count = (table: 'events' | 'venues' | 'performers' | 'users') =>
        ctx.db.catalog
          .selectFrom(table)
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => r.n);
      const [events, venues, performers, users] = await Promise.all([
        count('events'),
        count('venues'),
        count('performers'),
        count('users'),
      ]);
      const shards = await Promise.all(
        ctx.db.shards.shards.map(async (shard) => {
          const row = await shard.db
            .selectNoFrom([
              sql<number>`(select count(*)::int from tickets)`.as('tickets'),
              sql<number>`(select count(*)::int from reservations)`.as('reservations'),
            ])
            .executeTakeFirstOrThrow();
          return { index: shard.index, ...row };
        }),
      );
      return { events, venues, performers, users, shards };
    }),

  events: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/events',
        tags,
        protect,
        summary: 'Events with live seat counts and revenue (minor units)',
        description: '`query` matches the name, or an exact event id.',
      },
    })
    .input(
      z.object({
        query: z.string().trim().max(200, 'at most 200 characters').optional(),
        status: z.enum(eventStatuses).optional(),
        page: z.number().int().min(1).default(1),
        size: z.number().int().min(1).max(100, 'at most 100').default(25),
      }),
    )
    .output(
      z.object({
        events: z.array(eventSummary),
        meta: z.object({ total: z.number().int(), page: z.number().int(), size: z.number().int() }),
      }),
    )
    .query(({ ctx, input }) => listEvents(ctx.db, { ...input, query: input.query || undefined })),

  event: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/events/{eventID}',
        tags,
        protect,
        summary: 'An event: fields, price tiers, seats by section and status, latest reservations and orders',
      },
    })
    .input(z.object({ eventID: uuid }))
    .output(eventDetailOutput)
    .query(({ ctx, input }) => eventDetail(ctx.db, input.eventID)),

  venues: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/venues',
        tags,
        protect,
        summary: 'Venues by name or city, with the price tiers their seating maps need',
      },
    })
    .input(
      z.object({
        query: z.string().trim().max(100, 'at most 100 characters').optional(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .output(
      z.object({
        venues: z.array(
          z.object({
            venueID: uuid,
            name: z.string(),
            city: z.string(),
            country: z.string(),
            capacity: z.number().int(),
            seats: z.number().int(),
            tiers: z.array(z.string()),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => ({
      venues: await listVenues(ctx.db, input.query || undefined, input.limit),
    })),

  createEvent: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/events',
        tags,
        protect,
        summary: 'Create a draft event and one available ticket per seat of its venue',
        description:
          "priceTiers must price exactly the tiers the venue's seating map names (see /admin/venues). Prices in minor units.",
      },
    })
    .input(createInput)
    .output(written)
    .mutation(async ({ ctx, input }) => {
      const { venueID, ...fields } = input;
      const created = await createEvent(ctx.db, { ...fields, venueId: venueID });
      await invalidateEventCaches(ctx.redis, [created.eventId]);
      return { eventID: created.eventId, version: created.version, tickets: created.tickets };
    }),

  updateEvent: adminProcedure
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/admin/events/{eventID}',
        tags,
        protect,
        summary: 'Edit an event, conditional on its version',
        description:
          'Venue, currency and price tiers change only while the event is a draft (its tickets are re-minted). 409 on a stale version.',
      },
    })
    .input(updateInput)
    .output(written)
    .mutation(async ({ ctx, input }) => {
      const { eventID, version: expected, venueID, ...changes } = input;
      const updated = await updateEvent(ctx.db, eventID, expected, {
        ...changes,
        ...(venueID !== undefined && { venueId: venueID }),
      });
      await invalidateEventCaches(ctx.redis, [eventID]);
      return { eventID, version: updated.version, tickets: updated.tickets };
    }),

  setEventStatus: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/events/{eventID}/status',
        tags,
        protect,
        summary:
          'Move an event to another status (draft -> scheduled/on_sale -> sold_out/completed/cancelled)',
        description: '409 when the version is stale or the move is not allowed from the current status.',
      },
    })
    .input(z.object({ eventID: uuid, status: z.enum(eventStatuses), version }))
    .output(z.object({ eventID: uuid, status: z.enum(eventStatuses), version: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const updated = await setEventStatus(ctx.db, input.eventID, input.version, input.status);
      await invalidateEventCaches(ctx.redis, [input.eventID]);
      return { eventID: input.eventID, ...updated };
    }),

  orders: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/orders',
        tags,
        protect,
        summary: "Find orders by order id or by the buyer's email",
      },
    })
    .input(
      z
        .object({
          orderID: uuid.optional(),
          email: z.string().trim().max(254, 'at most 254 characters').optional(),
        })
        .superRefine((input, ctx) => {
          if (!input.orderID === !input.email)
            ctx.addIssue({ code: 'custom', path: ['orderID'], message: 'give either orderID or email' });
        }),
    )
    .output(z.object({ orders: z.array(orderView) }))
    .query(async ({ ctx, input }) => ({
      orders: await findOrders(ctx.db, { orderId: input.orderID, email: input.email }),
    })),

  refundOrder: adminProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/admin/orders/{orderID}/refund',
        tags,
        protect,
        summary: 'Refund a confirmed order through its payment gateway',
        description:
          "Conditional on the order's version; idempotent at the gateway. A refunded order whose payment is still refund_pending is retried. Seats stay sold.",
      },
    })
    .input(z.object({ orderID: uuid, version }))
    .output(orderView)
    .mutation(({ ctx, input }) => refundOrder(ctx.booking.deps, ctx.db, input.orderID, input.version)),

  reserveQueues: adminProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/admin/queues',
        tags,
        protect,
        summary:
          'Reserve queues of active events with BullMQ job counts and connected workers, busiest first',
      },
    })
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        includeIdle: z
          .boolean()
          .default(false)
          .describe('Also list queues with no reservation in the last 10 minutes'),
      }),
    )
    .output(
      z.object({
        queues: z.array(
          z.object({
            eventID: z.string(),
            name: z.string().nullable(),
            status: z.enum(eventStatuses).nullable(),
            queue: z.string(),
            lastActivity: z.string(),
            idle: z.boolean(),
            workers: z.number().int(),
            counts: z.object({
              waiting: z.number().int(),
              active: z.number().int(),
              delayed: z.number().int(),
              completed: z.number().int(),
              failed: z.number().int(),
            }),
            pinCommand: z.string(),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => ({
      queues: await reserveQueueOverview(ctx.db, ctx.redis, ctx.booking.requester.queues, input),
    })),
});

import { configureQueue, type QueueSettings } from '@boxoffice/waiting-room';
import { z } from 'zod';
import { adminProcedure, authedProcedure, publicProcedure, rateLimited, router } from '../trpc';

const eventID = z.uuid('must be a UUID');

const queueStatus = z.object({
  eventID,
  state: z.enum(['not_queued', 'prequeue', 'waiting', 'admitted', 'sold_out']),
  position: z.number().int().nullable(),
  ahead: z.number().int().nullable(),
  etaSeconds: z.number().int().nullable(),
  queueToken: z.string().nullable(),
  accessToken: z.string().nullable(),
  accessExpiresIn: z.number().int().nullable(),
  opensAt: z.string().nullable(),
});

const settingsView = z.object({
  eventID,
  enabled: z.boolean(),
  opensAt: z.string().nullable(),
  admissionRatePerSecond: z.number(),
  memberPriority: z.boolean(),
});

const toView = (settings: QueueSettings): z.infer<typeof settingsView> => ({
  eventID: settings.eventId,
  enabled: settings.enabled,
  opensAt: settings.opensAt?.toISOString() ?? null,
  admissionRatePerSecond: settings.admissionRatePerSecond,
  memberPriority: settings.memberPriority,
});

const streamHint =
  'Follow progress on GET /queue/{eventID}/stream?token=<queueToken> (server-sent events: progress, admitted, sold_out).';

export const queueRouter = router({
  join: authedProcedure
    .use(rateLimited('queueJoin'))
    .meta({
      openapi: {
        method: 'POST',
        path: '/queue/join',
        tags: ['queue'],
        protect: true,
        summary: "Join an event's waiting room (joining again keeps your place)",
        description: `Answers your position, people ahead, estimated wait and a queue token. state is not_queued when the event has no queue: reserve directly. ${streamHint}`,
        errorResponses: { 400: 'Bad input', 401: 'Sign in', 429: 'Rate limited' },
      },
    })
    .input(z.object({ eventID }))
    .output(queueStatus)
    .mutation(({ ctx, input }) =>
      ctx.waitingRoom.join({ id: ctx.user.id, isMember: ctx.user.isMember }, input.eventID),
    ),

  status: authedProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/queue/{eventID}',
        tags: ['queue'],
        protect: true,
        summary: 'Your place in the waiting room',
        description: streamHint,
      },
    })
    .input(z.object({ eventID }))
    .output(queueStatus)
    .query(({ ctx, input }) => ctx.waitingRoom.status(ctx.user.id, input.eventID)),

  settings: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/queue/{eventID}/settings',
        tags: ['queue'],
        summary: "An event's waiting-room settings",
      },
    })
    .input(z.object({ eventID }))
    .output(settingsView)
    .query(async ({ ctx, input }) => toView(await ctx.waitingRoom.settingsOf(input.eventID))),

  configure: adminProcedure
    .meta({
      openapi: {
        method: 'PUT',
        path: '/admin/events/{eventID}/queue',
        tags: ['admin'],
        protect: true,
        summary: "Switch an event's waiting room on or off and set its opening, rate and member priority",
        errorResponses: { 400: 'Bad input', 401: 'Sign in', 403: 'Admins only', 404: 'Unknown event' },
      },
    })
    .input(
      z.object({
        eventID,
        enabled: z.boolean(),
        opensAt: z.iso
          .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
          .nullable()
          .optional(),
        admissionRatePerSecond: z
          .number()
          .positive('must be more than 0')
          .max(10_000, 'at most 10000 per second'),
        memberPriority: z.boolean(),
      }),
    )
    .output(settingsView)
    .mutation(async ({ ctx, input }) => {
      const settings = await configureQueue(ctx.db.catalog, input.eventID, {
        enabled: input.enabled,
        opensAt: input.opensAt ? new Date(input.opensAt) : null,
        admissionRatePerSecond: input.admissionRatePerSecond,
        memberPriority: input.memberPriority,
      });
      ctx.waitingRoom.deps.settings.set(settings);
      return toView(settings);
    }),
});

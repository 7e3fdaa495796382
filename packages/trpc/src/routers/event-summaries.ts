import { z } from 'zod';
import { publicProcedure, rateLimited, router } from '../trpc';

const summary = z.object({
  eventID: z.uuid(),
  name: z.string(),
  date: z.string(),
  status: z.string(),
  venue: z.object({ name: z.string(), city: z.string() }),
});

/**
 * Names, dates and venues of a few events by id, for lists such as a fan's orders: catalog.event
 * would send every seat of a stadium (megabytes) to print one name. Drafts stay unlisted.
 */
export const eventSummariesRouter = router({
  list: publicProcedure
    .use(rateLimited('search'))
    .input(z.object({ eventIDs: z.array(z.uuid('must be a UUID')).min(1).max(50, 'at most 50 events') }))
    .output(z.object({ events: z.array(summary) }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.catalog
        .selectFrom('events as e')
        .innerJoin('venues as v', 'v.id', 'e.venue_id')
        .select(['e.id', 'e.name', 'e.starts_at', 'e.status', 'v.name as venue_name', 'v.city'])
        .where('e.id', 'in', [...new Set(input.eventIDs)])
        .where('e.status', '!=', 'draft')
        .execute();
      return {
        events: rows.map((row) => ({
          eventID: row.id,
          name: row.name,
          date: row.starts_at.toISOString(),
          status: row.status,
          venue: { name: row.venue_name, city: row.city },
        })),
      };
    }),
});

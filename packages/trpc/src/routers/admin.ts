import { sql } from 'kysely';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc';

export const adminRouter = router({
  overview: adminProcedure
    .meta({ openapi: { method: 'GET', path: '/admin/overview', tags: ['admin'], summary: 'Catalog and inventory totals', protect: true } })
    .input(z.void())
    .output(
      z.object({
        events: z.number().int(),
        venues: z.number().int(),
        performers: z.number().int(),
        users: z.number().int(),
        shards: z.array(z.object({ index: z.number().int(), tickets: z.number().int(), reservations: z.number().int() })),
      }),
    )
    .query(async ({ ctx }) => {
      const count = (table: 'events' | 'venues' | 'performers' | 'users') =>
        ctx.db.catalog.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow().then((r) => r.n);
      const [events, venues, performers, users] = await Promise.all([count('events'), count('venues'), count('performers'), count('users')]);
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
});

import { z } from 'zod';
import type { SearchResult } from './backend';

/** SearchResult as JSON, for results read back from a cache. */
export const searchResultSchema = z.object({
  events: z.array(
    z.object({
      eventID: z.string(),
      name: z.string(),
      date: z.string(),
      location: z.string(),
      type: z.enum(['concert', 'sports', 'theater', 'comedy', 'festival', 'family']),
      venue: z.object({ id: z.string(), name: z.string(), city: z.string() }),
      performers: z.array(z.string()),
      lowestPrice: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  size: z.number().int(),
}) satisfies z.ZodType<SearchResult>;

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

export interface EventSummary {
  name: string;
  date: string;
  /** "Venue, City" */
  venue: string;
}

/**
 * An event's name, date and venue, without its seats: the pages that only name an event (checkout,
 * orders, the waiting room, where a million fans may wait) must not download a stadium's seat list.
 */
export function useEventSummary(eventId: string | undefined): EventSummary | undefined {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.eventSummaries.list.queryOptions({ eventIDs: [eventId ?? ''] }),
    enabled: Boolean(eventId),
    staleTime: 5 * 60_000,
    select: (data) => data.events[0],
  });
  const event = query.data;
  return event
    ? { name: event.name, date: event.date, venue: `${event.venue.name}, ${event.venue.city}` }
    : undefined;
}

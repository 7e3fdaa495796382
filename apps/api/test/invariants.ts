import type { ApiServices } from '../src/services';

/**
 * The booking invariants, read straight from the shard: no seat in two live reservations, no
 * partial hold, and every reserved or sold seat names a live reservation that lists it.
 */
export async function checkInventory(services: ApiServices, eventId: string) {
  const shard = services.db.shards.forEvent(eventId);
  const reservations = await shard.db
    .selectFrom('reservations')
    .select(['id', 'status', 'ticket_ids'])
    .where('event_id', '=', eventId)
    .execute();
  const tickets = await shard.db.selectFrom('tickets').select(['id', 'status', 'reservation_id']).where('event_id', '=', eventId).execute();
  const ticketById = new Map(tickets.map((t) => [t.id, t]));
  const live = reservations.filter((r) => ['held', 'payment_pending', 'confirmed'].includes(r.status));
  const claimed = new Map<string, string>();
  const problems: string[] = [];
  for (const reservation of live) {
    for (const ticketId of reservation.ticket_ids) {
      const other = claimed.get(ticketId);
      if (other) problems.push(`ticket ${ticketId} in ${other} and ${reservation.id}`);
      claimed.set(ticketId, reservation.id);
      const ticket = ticketById.get(ticketId);
      if (ticket?.reservation_id !== reservation.id) problems.push(`partial hold: ${reservation.id} lists ${ticketId} owned by ${ticket?.reservation_id}`);
      const expected = reservation.status === 'confirmed' ? 'sold' : 'reserved';
      if (ticket?.status !== expected) problems.push(`ticket ${ticketId} is ${ticket?.status}, reservation ${reservation.id} is ${reservation.status}`);
    }
  }
  for (const ticket of tickets) {
    if (ticket.status !== 'available' && claimed.get(ticket.id) !== ticket.reservation_id) problems.push(`ticket ${ticket.id} ${ticket.status} without a live reservation`);
  }
  return { problems, live, reservations, tickets };
}

/** The catalog's event_status enum, in the order an event usually moves through it. */
export const eventStatuses = ['draft', 'scheduled', 'on_sale', 'sold_out', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/**
 * Where staff may move an event from each status. Nothing goes back to draft (draft is the only
 * status whose venue and prices may change, because no fan can hold a seat in it), and cancelled and
 * completed are final. on_sale -> scheduled is left out on purpose: a scheduled event whose on-sale
 * time has passed is on sale for the reservation gate, so it would not pause anything.
 */
export const statusTransitions: Record<EventStatus, readonly EventStatus[]> = {
  draft: ['scheduled', 'on_sale', 'cancelled'],
  scheduled: ['on_sale', 'cancelled'],
  on_sale: ['sold_out', 'completed', 'cancelled'],
  sold_out: ['on_sale', 'completed', 'cancelled'],
  cancelled: [],
  completed: [],
};

/** The statuses an event may move to `target` from. */
export const statusesLeadingTo = (target: EventStatus) =>
  eventStatuses.filter((from) => statusTransitions[from].includes(target));

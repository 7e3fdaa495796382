import { z } from 'zod';

/** What publishSeatChanges sends on `seats:{eventId}` and keeps in the replay log. */
export const seatMessageSchema = z.object({
  seq: z.number().int().positive(),
  eventID: z.string(),
  changes: z.array(z.object({ ticketID: z.string(), status: z.enum(['available', 'reserved', 'sold']) })),
});

export type SeatMessage = z.infer<typeof seatMessageSchema>;

/** A message from Redis, or null when it is not one (never trusted blindly: it crossed a process edge). */
export function parseSeatMessage(raw: string): SeatMessage | null {
  try {
    const parsed = seatMessageSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

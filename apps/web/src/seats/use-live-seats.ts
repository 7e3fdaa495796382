import { useCallback, useEffect, useRef, useState } from 'react';
import { apiBase } from '../lib/api-base';
import { trpcClient } from '../lib/trpc';
import {
  applyChanges,
  decodeStatuses,
  type SeatChange,
  type SeatLayout,
  type SeatStatus,
} from './seat-model';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Seat statuses kept live from the event's seat stream (GET /events/{id}/seats/stream), starting at the
 * snapshot's `seq` so no change between the page load and the stream opening is missed. EventSource
 * reconnects by itself and sends the last frame id back (Last-Event-ID); a `reset` (changes gone from
 * the server's replay log) is repaired from the compact availability encoding, not a full page reload.
 */
export function useLiveSeats(
  eventId: string,
  layout: SeatLayout | null,
  snapshot: { statuses: SeatStatus[]; seq: number } | null,
  onChanges?: (changes: SeatChange[]) => void,
): { statuses: SeatStatus[]; stream: StreamState } {
  // Statuses start as the snapshot's, in the same render (no empty first frame); a new snapshot resets them.
  const [seats, setSeats] = useState({ from: snapshot, statuses: snapshot?.statuses ?? [] });
  if (seats.from !== snapshot) setSeats({ from: snapshot, statuses: snapshot?.statuses ?? [] });
  const setStatuses = useCallback(
    (update: (current: SeatStatus[]) => SeatStatus[]) =>
      setSeats((s) => ({ ...s, statuses: update(s.statuses) })),
    [],
  );
  const [stream, setStream] = useState<StreamState>('connecting');
  const onChangesRef = useRef(onChanges);
  onChangesRef.current = onChanges;

  useEffect(() => {
    if (!layout || !snapshot) return;
    const source = new EventSource(`${apiBase}/events/${eventId}/seats/stream?since=${snapshot.seq}`);
    source.addEventListener('ready', () => setStream('live'));
    source.addEventListener('seats', (message) => {
      const { changes } = JSON.parse((message as MessageEvent<string>).data) as { changes: SeatChange[] };
      setStatuses((current) => applyChanges(current, layout.indexOf, changes));
      onChangesRef.current?.(changes);
    });
    source.addEventListener('reset', () => {
      void trpcClient.catalog.availability
        .query({ eventID: eventId, encoding: 'bitmap' })
        .then((availability) => {
          setStatuses(() =>
            decodeStatuses(availability.encoding, availability.statuses, availability.ticketCount),
          );
        });
    });
    source.onerror = () =>
      setStream(source.readyState === EventSource.CLOSED ? 'connecting' : 'reconnecting');
    return () => source.close();
  }, [eventId, layout, snapshot, setStatuses]);

  return { statuses: seats.statuses, stream };
}

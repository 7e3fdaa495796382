import { useEffect, useRef, useState } from 'react';

export interface SeatFrame {
  seq: number;
  at: Date;
  available: number;
  reserved: number;
  sold: number;
}

type Connection = 'connecting' | 'live' | 'reconnecting' | 'off';

interface SeatsData {
  seq: number;
  changes: { ticketID: string; status: 'available' | 'reserved' | 'sold' }[];
}

/**
 * The API's public seat stream (`/events/{id}/seats/stream`) through the /api proxy. EventSource
 * reconnects by itself and resumes with Last-Event-ID; a `reset` frame means changes were lost, so
 * the caller refetches the counts. `onChange` runs for every frame that changed seats.
 */
export function useLiveSeats(eventId: string, enabled: boolean, onChange: () => void, keep = 40) {
  const [frames, setFrames] = useState<SeatFrame[]>([]);
  const [connection, setConnection] = useState<Connection>('off');
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!enabled) {
      setConnection('off');
      return;
    }
    setConnection('connecting');
    const source = new EventSource(`/api/events/${eventId}/seats/stream`);
    source.addEventListener('ready', () => setConnection('live'));
    source.addEventListener('seats', (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as SeatsData;
      const frame: SeatFrame = { seq: data.seq, at: new Date(), available: 0, reserved: 0, sold: 0 };
      for (const change of data.changes) frame[change.status]++;
      setFrames((previous) => [frame, ...previous].slice(0, keep));
      changed.current();
    });
    source.addEventListener('reset', () => changed.current());
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
    source.onopen = () => setConnection('live');
    return () => source.close();
  }, [eventId, enabled, keep]);

  return { frames, connection };
}

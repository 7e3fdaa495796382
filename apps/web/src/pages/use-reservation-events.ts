import { useCallback, useEffect, useState } from 'react';
import { apiBase } from '../lib/api-base';
import { sessionStore } from '../lib/session-store';

const terminal = new Set<string>(['confirmed', 'expired', 'cancelled', 'refunded']);

type Status = 'pending' | 'held' | 'payment_pending' | 'confirmed' | 'expired' | 'cancelled';

interface LiveReservation {
  status: Status | null;
  orderID: string | null;
  expiresIn: number | null;
  /** The bank's reason after a decline pushed by the stream. */
  failure: string | null;
}

type Update =
  | { status: 'held'; expiresAt?: string }
  | { status: 'payment_pending' }
  | { status: 'confirmed'; orderID: string | null }
  | { status: 'payment_failed'; message?: string }
  | { status: 'expired' | 'cancelled' }
  | { status: 'refunded'; reason?: string };

/**
 * A reservation's status pushed by GET /reservations/{id}/events: held -> payment_pending -> confirmed
 * (with its order), or payment_failed (back to held) or expired. EventSource cannot send headers, so
 * the access token goes as ?access_token=. `apply` lets the page fold in answers it got directly.
 */
export function useReservationEvents(reservationId: string, enabled: boolean) {
  const [live, setLive] = useState<LiveReservation>({
    status: null,
    orderID: null,
    expiresIn: null,
    failure: null,
  });

  const apply = useCallback((update: Update) => {
    setLive((current) => {
      switch (update.status) {
        case 'held':
          return {
            ...current,
            status: 'held',
            ...(update.expiresAt
              ? { expiresIn: Math.round((Date.parse(update.expiresAt) - Date.now()) / 1000) }
              : {}),
          };
        case 'payment_failed':
          return { ...current, status: 'held', failure: update.message ?? 'Your card was declined' };
        case 'confirmed':
          return {
            ...current,
            status: 'confirmed',
            orderID: update.orderID ?? current.orderID,
            failure: null,
          };
        case 'refunded':
          return { ...current, status: 'expired' };
        // A stale "held" or "pending" must never undo a verdict already heard.
        default:
          return current.status === 'confirmed' ? current : { ...current, status: update.status };
      }
    });
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let closed = false;
    void sessionStore.accessToken().then((token) => {
      if (closed || !token) return;
      source = new EventSource(
        `${apiBase}/reservations/${reservationId}/events?access_token=${encodeURIComponent(token)}`,
      );
      source.addEventListener('snapshot', (message) => {
        const snapshot = JSON.parse((message as MessageEvent<string>).data) as {
          status: Status;
          orderID: string | null;
          expiresIn: number;
        };
        setLive((current) =>
          current.status === 'confirmed'
            ? current
            : {
                ...current,
                status: snapshot.status,
                orderID: snapshot.orderID,
                expiresIn: snapshot.expiresIn,
              },
        );
        if (terminal.has(snapshot.status)) source?.close();
      });
      source.addEventListener('update', (message) => {
        const update = JSON.parse((message as MessageEvent<string>).data) as Update;
        apply(update);
        // The server ends the stream after a verdict; without this EventSource would reconnect for ever.
        if (terminal.has(update.status)) source?.close();
      });
    });
    return () => {
      closed = true;
      source?.close();
    };
  }, [reservationId, enabled, apply]);

  return { ...live, apply };
}

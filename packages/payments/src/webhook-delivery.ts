import type { StripeEventPayload } from './local-events';
import { signWebhookPayload } from './webhook-signature';

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** Sends one delivery attempt; resolves with the HTTP status, rejects on a connection error. */
export type WebhookSender = (request: WebhookRequest) => Promise<{ status: number }>;

export interface WebhookDeliveryFailure {
  eventId: string;
  type: string;
  attempts: number;
  lastError: string;
}

export interface WebhookDeliveryOptions {
  url: string;
  secret: string;
  /** Before the first attempt, as Stripe delivers after the API call has answered. */
  delayMs: number;
  maxAttempts: number;
  /** Doubles after each failed attempt. */
  retryBaseDelayMs: number;
  send?: WebhookSender;
  onGiveUp?: (failure: WebhookDeliveryFailure) => void;
}

const attemptTimeoutMs = 10_000;

export const sendWithFetch: WebhookSender = async ({ url, body, headers }) => {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers,
    signal: AbortSignal.timeout(attemptTimeoutMs),
  });
  await response.arrayBuffer();
  return { status: response.status };
};

// fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, timeout) in `cause`.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

const warnGiveUp = (failure: WebhookDeliveryFailure) =>
  console.warn(
    `[payments] gave up delivering webhook ${failure.eventId} (${failure.type}) after ${failure.attempts} attempts: ${failure.lastError}`,
  );

/**
 * Delivers events to one endpoint like Stripe does: POST of the JSON, a fresh `Stripe-Signature`
 * per attempt, retries with exponential backoff on connection errors and non-2xx answers.
 */
export class WebhookDelivery {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: WebhookDeliveryOptions) {}

  enqueue(event: StripeEventPayload): void {
    this.schedule(event, 1, this.options.delayMs);
  }

  /** Cancels pending attempts and waits for the ones already sending. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(event: StripeEventPayload, attempt: number, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const sending = this.attempt(event, attempt).finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(event: StripeEventPayload, attempt: number): Promise<void> {
    // Stripe sends pretty-printed JSON; receivers must verify the raw bytes, not a re-serialisation.
    const body = JSON.stringify(event, null, 2);
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': signWebhookPayload(body, this.options.secret),
    };
    let lastError: string;
    try {
      const { status } = await (this.options.send ?? sendWithFetch)({ url: this.options.url, body, headers });
      if (status >= 200 && status < 300) return;
      lastError = `HTTP ${status}`;
    } catch (error) {
      lastError = describe(error);
    }
    if (attempt >= this.options.maxAttempts) {
      (this.options.onGiveUp ?? warnGiveUp)({
        eventId: event.id,
        type: event.type,
        attempts: attempt,
        lastError,
      });
      return;
    }
    this.schedule(event, attempt + 1, this.options.retryBaseDelayMs * 2 ** (attempt - 1));
  }
}

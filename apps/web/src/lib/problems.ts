/**
 * Every failure a fan can meet, said plainly with the next step. The API's error data carries an app
 * code (see @boxoffice/domain AppError), which decides the wording; the server's message fills in.
 */
export interface Problem {
  code: string;
  title: string;
  message: string;
  /** What to do now, in one sentence. */
  next: string;
  retryAfter: number | null;
  details: Record<string, unknown>[];
}

interface ErrorLike {
  message?: string;
  data?: { appCode?: string; retryAfter?: number | null; details?: Record<string, unknown>[] } | null;
}

const wording: Record<string, { title: string; next: string }> = {
  TICKETS_UNAVAILABLE: {
    title: 'Those seats were just taken',
    next: 'Pick other seats on the map, or let us find the best available.',
  },
  HOLD_EXPIRED: {
    title: 'Your hold has ended',
    next: 'Your seats went back on sale. Choose seats again to start a new hold.',
  },
  PAYMENT_FAILED: {
    title: 'Your card was declined',
    next: 'Nothing was charged. Try another card while your hold lasts.',
  },
  RATE_LIMITED: { title: 'Too many tries at once', next: 'Wait a moment, then try again.' },
  UNAUTHENTICATED: { title: 'Please sign in', next: 'Sign in or create an account to continue.' },
  TOKEN_INVALID: { title: 'Your session has ended', next: 'Sign in again to continue.' },
  INVALID_CREDENTIALS: { title: 'That did not match', next: 'Check your email and password and try again.' },
  EMAIL_TAKEN: { title: 'That email already has an account', next: 'Sign in instead, or use another email.' },
  FORBIDDEN: { title: 'Not allowed', next: 'If this event has a waiting room, join it first.' },
  EVENT_NOT_FOUND: {
    title: 'We could not find that event',
    next: 'Search for it again: it may have been moved or cancelled.',
  },
  RESERVATION_NOT_FOUND: {
    title: 'We could not find that hold',
    next: 'Check My orders, or choose seats again.',
  },
  NOT_FOUND: { title: 'Not found', next: 'Go back and try again.' },
  VALIDATION_FAILED: {
    title: 'Something in the form needs a fix',
    next: 'Correct the highlighted field and try again.',
  },
  CARD_DATA_REFUSED: {
    title: 'Card details cannot be sent',
    next: 'Use the card form: it never sends your card number to us.',
  },
  UNAVAILABLE: {
    title: 'We are very busy right now',
    next: 'Wait a few seconds and try again; your place is not lost.',
  },
  CONFLICT: { title: 'That changed in the meantime', next: 'Reload the page and try again.' },
};

const unknown = {
  title: 'Something went wrong',
  next: 'Try again in a moment. If it keeps happening, reload the page.',
};

export function describeProblem(error: unknown): Problem {
  const like = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const offline = error instanceof TypeError || like.message === 'Failed to fetch';
  const code = offline ? 'OFFLINE' : (like.data?.appCode ?? 'INTERNAL');
  if (offline) {
    return {
      code,
      title: 'We cannot reach Boxoffice',
      message: 'Your connection or our servers are down for a moment.',
      next: 'Check your connection and try again.',
      retryAfter: null,
      details: [],
    };
  }
  const words = wording[code] ?? unknown;
  const retryAfter = like.data?.retryAfter ?? null;
  return {
    code,
    title: words.title,
    message: code === 'INTERNAL' ? 'An unexpected error happened on our side.' : (like.message ?? ''),
    next: code === 'RATE_LIMITED' && retryAfter ? `Wait ${retryAfter} s, then try again.` : words.next,
    retryAfter,
    details: like.data?.details ?? [],
  };
}

/** Ticket ids named in a 409's details ({ticketID, status}). */
export const takenTicketIds = (problem: Problem): string[] =>
  problem.details.flatMap((detail) => (typeof detail.ticketID === 'string' ? [detail.ticketID] : []));

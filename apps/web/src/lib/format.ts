/** Money is integer minor units plus an ISO currency (see @boxoffice/domain); format, never compute, here. */
export function formatMoney(amount: number, currency: string): string {
  const code = currency.trim().toUpperCase();
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(amount / 10 ** digits);
}

export function formatEventDate(iso: string): string {
  return new Intl.DateTimeFormat('en', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatShortDate(iso: string): { month: string; day: string; weekday: string } {
  const date = new Date(iso);
  return {
    month: new Intl.DateTimeFormat('en', { month: 'short' }).format(date).toUpperCase(),
    day: new Intl.DateTimeFormat('en', { day: 'numeric' }).format(date),
    weekday: new Intl.DateTimeFormat('en', { weekday: 'short' }).format(date),
  };
}

/** "4:05" for 245 seconds; never negative. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "4 minutes 5 seconds", for screen readers. */
export function spokenDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

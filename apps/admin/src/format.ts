import { formatMoney } from '@boxoffice/domain';

export { formatMoney };

export type EventStatus = 'draft' | 'scheduled' | 'on_sale' | 'sold_out' | 'cancelled' | 'completed';

export const statusLabel: Record<EventStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  on_sale: 'On sale',
  sold_out: 'Sold out',
  cancelled: 'Cancelled',
  completed: 'Completed',
};

/** Badge colours: dark shades, so white labels keep at least 4.5:1 (WCAG AA). */
export const statusColor: Record<EventStatus, string> = {
  draft: 'gray.7',
  scheduled: 'blue.8',
  on_sale: 'teal.9',
  sold_out: 'grape.8',
  cancelled: 'red.9',
  completed: 'dark.6',
};

/** What the button that moves an event to a status says. */
export const statusAction: Record<EventStatus, string> = {
  draft: 'Back to draft',
  scheduled: 'Schedule',
  on_sale: 'Put on sale',
  sold_out: 'Mark sold out',
  cancelled: 'Cancel event',
  completed: 'Mark completed',
};

/** Digits after the decimal point of a currency's major unit (2 for USD, 0 for JPY). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
    2
  );
}

/** A price typed in major units ("89.50") as integer minor units, or null when it is not one. */
export function toMinorUnits(value: string | number, currency: string): number | null {
  const text = String(value).trim();
  const digits = minorDigits(currency);
  const pattern = digits === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`);
  if (!pattern.test(text)) return null;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export const toMajorUnits = (amount: number, currency: string): string => {
  const digits = minorDigits(currency);
  return digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
};

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** ISO instant -> the value of an <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An <input type="datetime-local"> value (browser zone) -> ISO instant, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export const percent = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;

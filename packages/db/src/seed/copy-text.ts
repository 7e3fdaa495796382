/** A value of a COPY ... FROM STDIN (text format) row; null is SQL NULL. */
export type CopyValue = string | number | null;

const SPECIAL = /[\\\t\n\r]/;
const REPLACEMENTS: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => REPLACEMENTS[char] ?? char) : value;
}

/** One line of COPY text format, newline included. */
export const copyLine = (values: readonly CopyValue[]): string => `${values.map(copyField).join('\t')}\n`;

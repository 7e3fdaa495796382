import type { ErrorData } from '@boxoffice/trpc/client';

interface ClientError {
  message?: string;
  data?: Partial<ErrorData> & { httpStatus?: number };
}

/** The message the API chose for people (never a stack). */
export function errorMessage(error: unknown): string {
  const e = error as ClientError | null;
  return e?.data?.message ?? e?.message ?? 'Something went wrong';
}

/** Field -> reason from a 400's details, for showing beside the inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const details = (error as ClientError | null)?.data?.details ?? [];
  const fields: Record<string, string> = {};
  for (const detail of details) {
    const field = typeof detail.field === 'string' ? detail.field : null;
    if (field && typeof detail.reason === 'string') fields[field.split('.')[0] ?? field] ??= detail.reason;
  }
  return fields;
}

export const httpStatusOf = (error: unknown) => (error as ClientError | null)?.data?.httpStatus ?? null;

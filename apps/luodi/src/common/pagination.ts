import { validationProblem } from './problem/problem';

/** Keyset cursors over a table's insertion sequence: opaque to clients, checked on the way in. */
export const encodeCursor = (seq: string): string => Buffer.from(`s${seq}`).toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  if (!/^s\d{1,18}$/.test(decoded))
    throw validationProblem([
      { field: 'cursor', message: 'cursor must be a nextCursor from a previous page' },
    ]);
  return decoded.slice(1);
}

/** The page of `limit` rows (the query asked for limit + 1) and the cursor to the next one. */
export function pageOf<R extends { seq: string }>(
  rows: R[],
  limit: number,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}

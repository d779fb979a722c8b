import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validationProblem } from './problem/problem';
import { QueryNumber } from './validation/validators';

/** `limit` and `cursor` of every keyset-paginated list. */
export class PageParams {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: '上一页返回的 nextCursor' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

/** A WHERE clause built from optional filters, each with its own bind parameter. */
export class SqlFilter {
  readonly args: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `sql($n)` with `value` bound to the next parameter. */
  add(sql: (param: string) => string, value: unknown): void {
    this.args.push(value);
    this.conditions.push(sql(`$${this.args.length}`));
  }

  /** Adds a condition without a parameter. */
  raw(sql: string): void {
    this.conditions.push(sql);
  }

  /** Binds a value that is not a filter (e.g. LIMIT) and answers its placeholder. */
  bind(value: unknown): string {
    this.args.push(value);
    return `$${this.args.length}`;
  }

  where(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

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

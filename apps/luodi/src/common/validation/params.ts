import { ParseIntPipe, PipeTransform } from '@nestjs/common';
import { isBusinessDate } from '@luodi/domain';
import { validationProblem } from '../problem/problem';
import { CODE_PATTERN, isInstant } from './validators';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Path and query parameter checks that answer with the contract's VALIDATION_FAILED. */
export class CodeParam implements PipeTransform<string, string> {
  constructor(private readonly field = 'code') {}
  transform(value: string): string {
    if (!CODE_PATTERN.test(value)) {
      throw validationProblem([
        { field: this.field, message: `${this.field} must be 1-32 letters, digits, _ . -` },
      ]);
    }
    return value;
  }
}

export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}
  transform(value: string): string {
    if (!UUID.test(value))
      throw validationProblem([{ field: this.field, message: `${this.field} must be a UUID` }]);
    return value.toLowerCase();
  }
}

export class YearParam extends ParseIntPipe {
  constructor() {
    super({
      exceptionFactory: () =>
        validationProblem([
          { field: 'year', message: 'year must be an integer from 2000 to 2100' },
        ]),
    });
  }
  override async transform(
    value: string,
    metadata: Parameters<ParseIntPipe['transform']>[1],
  ): Promise<number> {
    const year = await super.transform(value, metadata);
    if (year === null || year === undefined || year < 2000 || year > 2100) {
      throw validationProblem([
        { field: 'year', message: 'year must be an integer from 2000 to 2100' },
      ]);
    }
    return year;
  }
}

/** An optional business date in the query string. */
export class OptionalDateQuery implements PipeTransform<string | undefined, string | undefined> {
  constructor(private readonly field: string) {}
  transform(value: string | undefined): string | undefined {
    if (value === undefined || value === '') return undefined;
    if (!isBusinessDate(value)) {
      throw validationProblem([
        { field: this.field, message: `${this.field} must be a real calendar date YYYY-MM-DD` },
      ]);
    }
    return value;
  }
}

/** An optional instant (ISO-8601 with an offset) in the query string. */
export class OptionalInstantQuery implements PipeTransform<string | undefined, Date | undefined> {
  constructor(private readonly field: string) {}
  transform(value: string | undefined): Date | undefined {
    if (value === undefined || value === '') return undefined;
    if (!isInstant(value)) {
      throw validationProblem([
        {
          field: this.field,
          message: `${this.field} must be an ISO-8601 instant with an offset, e.g. 2026-05-31T18:00:00+08:00, in the years 1000 to 9999`,
        },
      ]);
    }
    return new Date(value);
  }
}

/** A required business date in the path (a meeting date). */
export class DateParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!isBusinessDate(value)) {
      throw validationProblem([
        { field: this.field, message: `${this.field} must be a real calendar date YYYY-MM-DD` },
      ]);
    }
    return value;
  }
}

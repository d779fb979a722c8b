import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { isBusinessDate, isValidCreditCode } from '@luodi/domain';
import { Transform } from 'class-transformer';
import {
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationOptions,
} from 'class-validator';

/** Largest amount accepted: 1e11 万元 (10 万亿元), whose 元 value is still a safe integer. */
export const MAX_WAN = 100_000_000_000;

/**
 * Decimal places of a number as JavaScript writes it, exponent included: 1e-7 has 7.
 * (class-validator's maxDecimalPlaces split "1e-7" at a dot it does not have and threw: a 500.)
 */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** An amount in 万元: a finite number ≥ 0 with at most 4 decimals (1 元). */
export function IsWan(options: ApiPropertyOptions & { positive?: boolean } = {}) {
  const { positive, ...api } = options;
  return applyDecorators(
    ValidateBy({
      name: 'isWan',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= 4,
        defaultMessage: () => '$property must be a number in 万元 with at most 4 decimals',
      },
    }),
    Min(positive ? 0.0001 : 0, {
      message: positive ? '$property must be greater than 0' : '$property must not be negative',
    }),
    Max(MAX_WAN, { message: `$property must not exceed ${MAX_WAN} 万元` }),
    ApiProperty({
      type: Number,
      example: 12000,
      description: '金额(万元),最多4位小数 / amount in 万元, up to 4 decimals',
      ...api,
    }),
  );
}

/** A business date `YYYY-MM-DD` that exists in the calendar (2026-02-30 does not). */
export function IsBusinessDate(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isBusinessDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isBusinessDate(value),
        defaultMessage: () => '$property must be a real calendar date YYYY-MM-DD',
      },
    },
    validationOptions,
  );
}

export function IsCreditCode(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCreditCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidCreditCode(value),
        defaultMessage: () =>
          '$property must be an 18-character 统一社会信用代码 with a valid GB 32100-2015 check digit',
      },
    },
    validationOptions,
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free text: a length limit, no control characters, not blank; Chinese is ordinary data. */
export function IsText(max: number) {
  return applyDecorators(
    IsString(),
    MaxLength(max),
    // Refuses control characters; tab, CR and LF stay allowed in free text.
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/u, {
      message: '$property must not contain control characters',
    }),
    Matches(/\S/u, { message: '$property must not be blank' }),
    // A lone surrogate cannot be stored as UTF-8 (PostgreSQL refuses it in jsonb).
    ValidateBy({
      name: 'isWellFormedText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !LONE_SURROGATE.test(value),
        defaultMessage: () => '$property must be well-formed Unicode (no lone surrogates)',
      },
    }),
  );
}

/**
 * A number in the query string, given as plain decimal digits. Anything else (" 1", "0x10",
 * "1e3", "Infinity") stays a string and is refused, where Number() would have read it.
 */
export const QueryNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,15}(\.\d{1,15})?$/.test(value) ? Number(value) : value,
  );

/** The field may be left out, but null is refused like any other wrong value (IsOptional lets it through). */
export const OptionalButNotNull = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A reference code: region, industry chain. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** An instant: ISO-8601 with an offset (2026-05-31T18:00:00+08:00). */
export const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Instants PostgreSQL and every client can hold: years 1000 to 9999 (UTC). */
const FIRST_INSTANT = Date.UTC(1000, 0, 1);
const LAST_INSTANT = Date.UTC(10000, 0, 1);

export const isInstant = (value: unknown): value is string => {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) return false;
  // Date() rolls 2026-02-30 over to 2 March and reads 24:00 as the next day: check the parts.
  const hour = Number(value.slice(11, 13));
  const minute = Number(value.slice(14, 16));
  const second = value.charAt(16) === ':' ? Number(value.slice(17, 19)) : 0;
  if (!isBusinessDate(value.slice(0, 10)) || hour > 23 || minute > 59 || second > 59) return false;
  const time = new Date(value).getTime();
  return time >= FIRST_INSTANT && time < LAST_INSTANT;
};

export function IsInstant(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () =>
          '$property must be an ISO-8601 instant with an offset, e.g. 2026-05-31T18:00:00+08:00, in the years 1000 to 9999',
      },
    },
    validationOptions,
  );
}

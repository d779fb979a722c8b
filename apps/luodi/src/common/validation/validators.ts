import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { isBusinessDate, isValidCreditCode } from '@luodi/domain';
import {
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';

/** Largest amount accepted: 1e11 万元 (10 万亿元), whose 元 value is still a safe integer. */
export const MAX_WAN = 100_000_000_000;

/** An amount in 万元: a finite number ≥ 0 with at most 4 decimals (1 元). */
export function IsWan(options: ApiPropertyOptions & { positive?: boolean } = {}) {
  const { positive, ...api } = options;
  return applyDecorators(
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 },
      { message: '$property must be a number in 万元 with at most 4 decimals' },
    ),
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
  );
}

/** A reference code: region, industry chain. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** An instant: ISO-8601 with an offset (2026-05-31T18:00:00+08:00). */
export const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' &&
  INSTANT_PATTERN.test(value) &&
  !Number.isNaN(new Date(value).getTime());

export function IsInstant(validationOptions?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () =>
          '$property must be an ISO-8601 instant with an offset, e.g. 2026-05-31T18:00:00+08:00',
      },
    },
    validationOptions,
  );
}

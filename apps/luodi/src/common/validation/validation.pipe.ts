import { ValidationError, ValidationPipe } from '@nestjs/common';
import { validationProblem, type FieldError } from '../problem/problem';

/** Whitelist, forbid unknown fields, transform; refusals become problem+json field errors. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      message: code === 'whitelistValidation' ? `unknown field ${field}` : message,
      code,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

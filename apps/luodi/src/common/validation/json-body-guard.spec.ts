import type { NextFunction, Request, Response } from 'express';
import { ApiProblem } from '../problem/problem';
import { jsonBodyGuard, MAX_JSON_DEPTH } from './json-body-guard';

/** Runs the guard on a parsed body; answers what it passed to next(). */
function guard(
  body: unknown,
  options: { method?: string; contentType?: string; contentLength?: string } = {},
): ApiProblem | undefined {
  const headers: Record<string, string> = {};
  if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
  const contentType = options.contentType ?? 'application/json';
  const req = {
    method: options.method ?? 'POST',
    body,
    headers,
    is: (types: string[]) =>
      types.some((type) =>
        new RegExp(`^${type.replace('*', '[^/]*').replace('+', '\\+')}$`).test(contentType),
      ),
  } as unknown as Request;
  let passed: unknown = 'not called';
  jsonBodyGuard(req, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  if (passed === 'not called') throw new Error('next() was not called');
  return passed as ApiProblem | undefined;
}

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
};

describe('jsonBodyGuard', () => {
  it(`lets a body nest ${MAX_JSON_DEPTH} levels and refuses one level more`, () => {
    expect(guard(nested(MAX_JSON_DEPTH + 1))).toBeUndefined();
    expect(guard(nested(MAX_JSON_DEPTH + 2))?.extras.errors).toEqual([
      expect.objectContaining({ message: `the body nests deeper than ${MAX_JSON_DEPTH} levels` }),
    ]);
  });

  it('refuses 10 000 levels of arrays without recursing (that overflowed the stack: a 500)', () => {
    const deep = JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)) as unknown;
    expect(guard({ note: deep })?.code).toBe('VALIDATION_FAILED');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'])(
    'refuses the key %s as an unknown field, top level or nested',
    (key) => {
      const top = JSON.parse(`{"occurredOn":"2026-06-01",${JSON.stringify(key)}:1}`) as unknown;
      expect(guard(top)?.extras.errors).toEqual([{ field: key, message: `unknown field ${key}` }]);
      const inner = JSON.parse(`{"changes":{"investor":{${JSON.stringify(key)}:{}}}}`) as unknown;
      expect(guard(inner)?.extras.errors).toEqual([
        { field: `changes.investor.${key}`, message: `unknown field changes.investor.${key}` },
      ]);
    },
  );

  it('lets ordinary bodies through', () => {
    expect(
      guard({ occurredOn: '2026-06-01', changes: { investor: { name: '某公司' } } }),
    ).toBeUndefined();
    expect(guard(undefined, { method: 'GET' })).toBeUndefined();
  });

  it('refuses a command body that is not declared JSON with 415, rather than ignoring it', () => {
    const problem = guard(undefined, { contentType: 'text/plain', contentLength: '12' });
    expect({ code: problem?.code, status: problem?.status }).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
    });
    expect(guard(undefined, { contentType: 'text/plain', contentLength: '0' })).toBeUndefined();
    expect(
      guard(undefined, { method: 'GET', contentType: 'text/plain', contentLength: '5' }),
    ).toBeUndefined();
    expect(
      guard({}, { contentType: 'application/merge-patch+json', contentLength: '2' }),
    ).toBeUndefined();
  });
});

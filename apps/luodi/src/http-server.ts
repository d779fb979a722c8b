import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiProblem, validationProblem } from './common/problem/problem';
import { PROBLEM_CONTENT_TYPE } from './common/problem/problem.filter';

/**
 * Slow clients are cut off instead of holding a connection: the whole request (headers and
 * body) must arrive within `requestTimeoutMs`, the headers within 10 s of it. Node checks the
 * open connections every `connectionsCheckingInterval`, so that is kept short. A request cut
 * off, or one that is not HTTP, gets a problem+json answer before the connection closes.
 */
export function configureHttpServer(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs, 10_000);
  // Read by Node when the server starts listening (not in @types/node).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.max(50, Math.min(1_000, requestTimeoutMs / 5));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.write(rawProblem(problemFor(error)));
    socket.destroy(error);
  });
}

function problemFor(error: NodeJS.ErrnoException): ApiProblem {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiProblem(
        'REQUEST_TIMEOUT',
        'The request did not arrive in time (headers and body); send it again, faster.',
      );
    case 'HPE_HEADER_OVERFLOW':
      return validationProblem([
        { field: 'headers', message: 'the request headers are too large' },
      ]);
    default:
      return validationProblem([{ field: 'request', message: 'the request is not valid HTTP' }]);
  }
}

function rawProblem(problem: ApiProblem): string {
  const body = JSON.stringify(problem.toProblem());
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

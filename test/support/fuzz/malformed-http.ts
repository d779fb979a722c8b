import type { RawRequest } from './raw-http';

/** HTTP that node:http will not send: written on a raw socket, refused by the server's parser. */
export const PROTOCOL_VARIANTS = [
  'control char in Idempotency-Key',
  'control char in If-Match',
  'NUL in a header',
  'header over 16 KB',
  'bad header name',
  'garbage request line',
  'HTTP/9.9',
  'two Content-Lengths',
  'Content-Length and chunked',
  'bad chunk size',
  'folded header',
] as const;

export type ProtocolVariant = (typeof PROTOCOL_VARIANTS)[number];

/** Malformed HTTP on the wire, built around the case's own method and path. */
export function protocolBytes(request: RawRequest, variant: ProtocolVariant): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const headers = Object.entries(request.headers).map(
    ([name, value]) => `${name}: ${String(value)}`,
  );
  const head = (line: string, extra: string[], framing = [`content-length: ${body.length}`]) =>
    Buffer.concat([
      Buffer.from(
        [
          line,
          'host: 127.0.0.1',
          ...headers,
          ...extra,
          ...framing,
          'connection: close',
          '',
          '',
        ].join('\r\n'),
        'latin1',
      ),
      body,
    ]);
  const line = `${request.method} ${request.path} HTTP/1.1`;
  switch (variant) {
    case 'control char in Idempotency-Key':
      return head(line, ['idempotency-key: a\u0001b']);
    case 'control char in If-Match':
      return head(line, ['if-match: "1\u0000"']);
    case 'NUL in a header':
      return head(line, ['x-extra: \u0000']);
    case 'header over 16 KB':
      return head(line, [`x-padding: ${'a'.repeat(20_000)}`]);
    case 'bad header name':
      return head(line, ['bad header: 1']);
    case 'garbage request line':
      return Buffer.from('\u0000\u0001GARBAGE\r\n\r\n', 'latin1');
    case 'HTTP/9.9':
      return head(`${request.method} ${request.path} HTTP/9.9`, []);
    case 'two Content-Lengths':
      return head(
        line,
        [],
        [`content-length: ${body.length}`, `content-length: ${body.length + 1}`],
      );
    case 'Content-Length and chunked':
      return head(line, [], [`content-length: ${body.length}`, 'transfer-encoding: chunked']);
    case 'bad chunk size':
      return Buffer.from(
        `${line}\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
        'latin1',
      );
    case 'folded header':
      return head(line, ['x-folded: a', ' b']);
  }
}

import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/** One request as the fuzz sends it: the path is sent as given (already percent-encoded). */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  elapsedMs: number;
}

/** The answer did not come within the time limit: the fuzz counts it as a hang. */
export class RequestTimeout extends Error {
  constructor(
    readonly request: RawRequest,
    readonly ms: number,
  ) {
    super(`no answer within ${ms} ms to ${request.method} ${request.path.slice(0, 200)}`);
  }
}

/**
 * An HTTP client for hostile requests against a listening app: keeps one connection alive (the
 * fuzz is sequential), sends bodies and headers byte for byte, and gives up after `timeoutMs`.
 * supertest would open a new server per request and normalise what we want to send malformed.
 */
export class RawHttp {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  private constructor(
    readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  static async listen(app: INestApplication, timeoutMs: number): Promise<RawHttp> {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as AddressInfo;
    return new RawHttp(address.port, timeoutMs);
  }

  send(req: RawRequest): Promise<RawResponse> {
    const started = performance.now();
    return new Promise<RawResponse>((resolve, reject) => {
      const headers: Record<string, string | string[] | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = req.body.length;
      const outgoing = request({
        host: '127.0.0.1',
        port: this.port,
        method: req.method,
        path: req.path,
        headers,
        agent: this.agent,
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        reject(new RequestTimeout(req, this.timeoutMs));
      }, this.timeoutMs);
      outgoing.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        incoming.on('end', () => {
          clearTimeout(timer);
          const body = Buffer.concat(chunks);
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body,
            json: parseJson(incoming.headers['content-type'], body),
            elapsedMs: performance.now() - started,
          });
        });
      });
      outgoing.end(req.body);
    });
  }

  /**
   * Writes raw bytes on a fresh connection and reads the answer until the server closes or the
   * time limit passes: for requests node:http refuses to send (control characters in headers).
   */
  sendBytes(bytes: Buffer): Promise<RawResponse> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const socket = connect(this.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer within ${this.timeoutMs} ms to raw bytes`));
      }, this.timeoutMs);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        // One answer is enough: stop once its head and declared body arrived.
        const text = Buffer.concat(chunks).toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
        if (!length || text.length - end - 4 >= Number(length[1])) socket.end();
      });
      // The server may close while we still write (a refused request); the answer is what counts.
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        const all = Buffer.concat(chunks);
        const end = all.indexOf('\r\n\r\n');
        const head = (end < 0 ? all : all.subarray(0, end)).toString('latin1');
        // Only the first answer counts: the server may add a second (the parser's own refusal).
        const declared = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        const rest = end < 0 ? Buffer.alloc(0) : all.subarray(end + 4);
        const body = declared ? rest.subarray(0, Number(declared[1])) : rest;
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers: IncomingHttpHeaders = {};
        for (const line of lines) {
          const colon = line.indexOf(':');
          if (colon > 0)
            headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        resolve({
          status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
          headers,
          body,
          json: parseJson(headers['content-type'], body),
          elapsedMs: performance.now() - started,
        });
      });
      socket.write(bytes);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function parseJson(contentType: string | undefined, body: Buffer): unknown {
  if (!contentType || !/json/i.test(contentType) || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

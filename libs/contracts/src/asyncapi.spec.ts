import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asyncApiPath, loadAsyncApiDocument, toMokapiDocument } from './asyncapi';

describe('asyncApiPath', () => {
  const root = resolve(__dirname, '../../..');

  it('finds the document from the sources and from the compiled output', () => {
    const expected = join(root, 'libs/contracts/asyncapi.yaml');
    expect(asyncApiPath()).toBe(expected);
    expect(asyncApiPath(join(root, 'dist/libs/contracts/src'))).toBe(expected);
    expect(existsSync(expected)).toBe(true);
    expect(loadAsyncApiDocument().info.title).toBe('luodi events');
  });

  it('says where it looked when the document is missing', () => {
    expect(() => asyncApiPath('/')).toThrow('libs/contracts/asyncapi.yaml not found above /');
  });
});

describe('toMokapiDocument', () => {
  const document = loadAsyncApiDocument();

  it('gives each channel one message whose payload is anyOf the channel payloads', () => {
    const mokapi = toMokapiDocument(document, { host: 'localhost:29092' });
    const messages = mokapi.components.messages as Record<string, Record<string, unknown>>;
    for (const [id, channel] of Object.entries(document.channels)) {
      const original = Object.values(channel.messages).map(
        ({ $ref }) =>
          (document.components.messages as Record<string, { payload: unknown; headers: unknown }>)[
            $ref.split('/').pop()!
          ]!,
      );
      expect(Object.keys(mokapi.channels[id]!.messages)).toEqual([`${id}AnyMessage`]);
      expect(messages[`${id}AnyMessage`]).toMatchObject({
        headers: original[0]!.headers,
        payload: { anyOf: original.map((m) => m.payload) },
      });
    }
    expect(mokapi.servers).toMatchObject({ production: { host: 'localhost:29092' } });
    // The document itself is untouched.
    expect(Object.keys(document.channels.projectsLifecycle!.messages)).toHaveLength(18);
    expect(document.servers).toMatchObject({ production: { host: 'kafka:9092' } });
  });
});

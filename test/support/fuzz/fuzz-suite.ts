import { EventStore } from '@luodi/event-store';
import { createTestApp, type TestApp } from '../test-app';
import type { Endpoint } from './endpoint-catalogue';
import { FuzzRunner, fuzzSettings } from './fuzz-runner';
import { FuzzWorld } from './fuzz-world';

/**
 * One fuzz spec: every endpoint of `catalogue` gets its cases; the spec fails when the served
 * OpenAPI document has an operation of this kind (`isMine`) that the catalogue lacks, so a new
 * endpoint cannot escape the suite; and after the run every hash chain of the log verifies.
 */
export function fuzzSuite(
  title: string,
  catalogue: Endpoint[],
  isMine: (method: string) => boolean,
): void {
  const settings = fuzzSettings();
  // The per-endpoint budget: thousands of cheap refusals plus the odd 64 KB body or report.
  jest.setTimeout(Math.max(120_000, settings.runs * 300));

  describe(title, () => {
    let t: TestApp;
    let runner: FuzzRunner;

    beforeAll(async () => {
      t = await createTestApp();
      runner = await FuzzRunner.start(t, await FuzzWorld.create(t), settings);
      process.stdout.write(
        `${title}: seed ${settings.seed}, ${settings.runs} cases per endpoint (FUZZ_SEED, FUZZ_RUNS)\n`,
      );
    });

    afterAll(async () => {
      if (runner) {
        process.stdout.write(`${title}\n${runner.summary()}\n`);
        runner.close();
      }
      await t?.close();
    });

    it('covers every operation of the OpenAPI document', () => {
      const documented = [...runner.operations.values()]
        .filter((op) => isMine(op.method))
        .map((op) => op.key);
      const covered = catalogue.map((endpoint) => endpoint.key);
      expect(documented.filter((key) => !covered.includes(key))).toEqual([]);
      expect(covered.filter((key) => !documented.includes(key))).toEqual([]);
    });

    it.each(catalogue.map((endpoint) => [endpoint.key, endpoint] as const))(
      '%s',
      async (_key, endpoint) => {
        const report = await runner.fuzz(endpoint);
        expect(report.violations).toEqual([]);
        expect(report.cases).toBe(settings.runs);
      },
    );

    it('leaves every hash chain of the log intact', async () => {
      await t.supervised();
      const verified = await t.app.get(EventStore).verifyAll();
      expect(verified).toEqual({ ok: true, checked: expect.any(Number) });
      expect((verified as { checked: number }).checked).toBeGreaterThan(0);
    });
  });
}

// given(events).when(command).then(events | errorCode): the spec style for decide().
import { decide } from '../decide';
import type { DecideContext } from '../decide-context';
import { DomainError, type DomainErrorCode } from '../errors';
import type { ProjectEvent } from '../events';
import { evolve, replay } from '../evolve';
import type { ProjectCommand } from '../commands';
import type { ProjectState } from '../project-state';
import { TODAY } from './fixtures';

type Outcome = { events: ProjectEvent[]; state: ProjectState };

function capture(run: () => ProjectEvent[]): ProjectEvent[] | DomainError {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

export function given(history: readonly ProjectEvent[], ctx: Partial<DecideContext> = {}) {
  const state = replay(history);
  return {
    state,
    when(command: ProjectCommand) {
      const result = capture(() => decide(command, state, { today: TODAY, ...ctx }));
      function then(expected: ProjectEvent[]): Outcome;
      function then(code: DomainErrorCode, details?: Record<string, unknown>): DomainError;
      function then(
        expected: ProjectEvent[] | DomainErrorCode,
        details?: Record<string, unknown>,
      ): Outcome | DomainError {
        if (typeof expected === 'string') {
          // A refusal with this code (and these details, when given).
          if (!(result instanceof DomainError)) {
            throw new Error(`expected ${expected}, got events ${JSON.stringify(result)}`);
          }
          expect(result.code).toBe(expected);
          if (details) expect(result.details).toEqual(expect.objectContaining(details));
          return result;
        }
        if (result instanceof DomainError) {
          throw new Error(`expected events, got ${result.code}: ${result.message}`);
        }
        expect(result).toStrictEqual(expected);
        // Events are stored as JSON: they must survive the trip unchanged.
        expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
        return { events: result, state: result.reduce(evolve, state) };
      }
      return { then };
    },
  };
}

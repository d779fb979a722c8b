import { projectEvent } from '../events';
import { eventsUpTo, TODAY } from './fixtures';
import { given } from './given-when-then';

// The helper must be able to fail, or every spec built on it proves nothing.
describe('given/when/then', () => {
  const command = { type: 'BreakGround', occurredOn: TODAY } as const;

  it('fails when the events differ', () => {
    expect(() =>
      given(eventsUpTo('REGISTERED'))
        .when(command)
        .then([projectEvent('GroundBroken', { occurredOn: '2026-06-29' })]),
    ).toThrow();
  });

  it('fails when events were expected but the command was refused', () => {
    expect(() => given(eventsUpTo('SIGNED')).when(command).then([])).toThrow(
      /STAGE_TRANSITION_NOT_ALLOWED/,
    );
  });

  it('fails when a refusal was expected but events came out, or another code', () => {
    expect(() => given(eventsUpTo('REGISTERED')).when(command).then('DATE_IN_FUTURE')).toThrow(
      /expected DATE_IN_FUTURE/,
    );
    expect(() => given(eventsUpTo('SIGNED')).when(command).then('DATE_IN_FUTURE')).toThrow();
    expect(() =>
      given(eventsUpTo('SIGNED'))
        .when(command)
        .then('STAGE_TRANSITION_NOT_ALLOWED', { currentStage: 'LEAD' }),
    ).toThrow();
  });
});

import { PollLoop } from './poll-loop';

describe('PollLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('goes round at once while there is work, waits when idle, and wakes on a nudge', async () => {
    const work = [3, 2, 0, 0, 0];
    const round = jest.fn(() => Promise.resolve(work.shift() ?? 0));
    const loop = new PollLoop(round, { idleMs: 1000 });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(round).toHaveBeenCalledTimes(3); // 3, 2, then idle
    await jest.advanceTimersByTimeAsync(999);
    expect(round).toHaveBeenCalledTimes(3);
    loop.nudge();
    await jest.advanceTimersByTimeAsync(0);
    expect(round).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(1000);
    expect(round).toHaveBeenCalledTimes(5);
    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('with a nudge delay, nudges that come close together make one round', async () => {
    const round = jest.fn(() => Promise.resolve(0));
    const loop = new PollLoop(round, { idleMs: 60_000, nudgeDelayMs: 10 });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(round).toHaveBeenCalledTimes(1);
    loop.nudge();
    await jest.advanceTimersByTimeAsync(4);
    loop.nudge();
    loop.nudge();
    await jest.advanceTimersByTimeAsync(5);
    expect(round).toHaveBeenCalledTimes(1); // still gathering
    await jest.advanceTimersByTimeAsync(1);
    expect(round).toHaveBeenCalledTimes(2); // one round for the three nudges, 10 ms after the first
    await jest.advanceTimersByTimeAsync(100);
    expect(round).toHaveBeenCalledTimes(2);
    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('a nudge during a round is not lost', async () => {
    let release!: () => void;
    const calls: number[] = [];
    const loop = new PollLoop(
      async () => {
        calls.push(calls.length);
        if (calls.length === 1) await new Promise<void>((r) => (release = r));
        return 0;
      },
      { idleMs: 60_000 },
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    loop.nudge(); // while the first round is still running
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls.length).toBe(2);
    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('backs off exponentially after failures, up to the maximum, and resets on success', async () => {
    const outcomes = [false, false, false, false, true];
    const errors: number[] = [];
    const round = jest.fn(() =>
      outcomes.shift() === false ? Promise.reject(new Error('down')) : Promise.resolve(0),
    );
    const loop = new PollLoop(round, {
      idleMs: 10_000,
      backoffMs: 100,
      maxBackoffMs: 300,
      onError: (_e, failures) => errors.push(failures),
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(round).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(100); // 1st wait 100
    expect(round).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(200); // 2nd wait 200
    expect(round).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(299); // 3rd wait capped at 300
    expect(round).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(round).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(300);
    expect(round).toHaveBeenCalledTimes(5);
    expect(errors).toEqual([1, 2, 3, 4]);
    expect(loop.consecutiveFailures).toBe(0);
    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });
});

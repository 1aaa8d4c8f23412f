import { RefreshScheduler } from './scheduler';

describe('RefreshScheduler', () => {
  let active: boolean;
  let calls: number;
  let release: (() => void) | null;
  let scheduler: RefreshScheduler;

  beforeEach(() => {
    jest.useFakeTimers();
    active = true;
    calls = 0;
    release = null;
    scheduler = new RefreshScheduler(
      () => {
        calls++;
      },
      () => active
    );
  });

  afterEach(() => {
    scheduler.dispose();
    jest.useRealTimers();
  });

  it('runs once when it is due, however many requests came', () => {
    scheduler.schedule(50);
    scheduler.schedule(50);
    scheduler.schedule(100);
    jest.advanceTimersByTime(49);
    expect(calls).toBe(0);
    jest.advanceTimersByTime(1);
    expect(calls).toBe(1);
    jest.advanceTimersByTime(500);
    expect(calls).toBe(1);
  });

  it('brings a refresh forward when a sooner one is asked for', () => {
    scheduler.schedule(300, true);
    scheduler.schedule(20);
    jest.advanceTimersByTime(20);
    expect(calls).toBe(1);
  });

  it('debounces: typing restarts the wait', () => {
    scheduler.schedule(300, true);
    jest.advanceTimersByTime(200);
    scheduler.schedule(300, true);
    jest.advanceTimersByTime(200);
    expect(calls).toBe(0);
    jest.advanceTimersByTime(100);
    expect(calls).toBe(1);
  });

  it('does nothing while hidden and catches up once shown', () => {
    active = false;
    scheduler.schedule(0);
    jest.advanceTimersByTime(1000);
    expect(calls).toBe(0);
    active = true;
    scheduler.resume();
    jest.advanceTimersByTime(0);
    expect(calls).toBe(1);
    scheduler.resume();
    jest.advanceTimersByTime(100);
    expect(calls).toBe(1);
  });

  it('queues a request that arrives while a refresh runs, and runs it once after', async () => {
    scheduler.dispose();
    scheduler = new RefreshScheduler(
      () =>
        new Promise<void>(resolve => {
          calls++;
          release = resolve;
        }),
      () => active
    );
    scheduler.schedule(0);
    jest.advanceTimersByTime(0);
    expect(calls).toBe(1);
    expect(scheduler.isRunning).toBe(true);
    scheduler.schedule(0);
    scheduler.schedule(0);
    jest.advanceTimersByTime(10);
    expect(calls).toBe(1); // not twice at once
    release!();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(0);
    expect(calls).toBe(2);
    release!();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(100);
    expect(calls).toBe(2);
  });

  it('stops when disposed', () => {
    scheduler.schedule(10);
    scheduler.dispose();
    jest.advanceTimersByTime(100);
    expect(calls).toBe(0);
    expect(scheduler.isDisposed).toBe(true);
  });
});

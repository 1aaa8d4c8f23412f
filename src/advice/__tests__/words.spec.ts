import { measureRuns } from '../measure';
import * as words from '../words';
import { run } from '../../rules/__tests__/helpers';

describe('words', () => {
  it.each([
    [0.045, '45 ms'],
    [3.24, '3.2 s'],
    [42.4, '42 s'],
    [270, '4.5 min']
  ])('seconds(%d) = %s', (value, text) => {
    expect(words.seconds(value)).toBe(text);
  });

  it.each([
    [0.533, '0.53 s'],
    [0.0000004, '0.40 µs'],
    [1.23, '1.2 s']
  ])('itemSeconds(%d) = %s', (value, text) => {
    expect(words.itemSeconds(value)).toBe(text);
  });

  it.each([
    [8_000_000, '8,000,000'],
    [999, '999'],
    [1000, '1,000'],
    [-12345, '-12,345']
  ])('count(%d) = %s', (value, text) => {
    expect(words.count(value)).toBe(text);
  });

  it.each([
    [8e8, '800 MB'],
    [1.6e9, '1.6 GB'],
    [512, '512 bytes']
  ])('bytes(%d) = %s', (value, text) => {
    expect(words.bytes(value)).toBe(text);
  });
});

describe('measureRuns', () => {
  it('summarises successful runs, the latest as the current time', () => {
    const m = measureRuns([
      run(2, 1),
      { ...run(9), ok: false },
      run(3, 1, 1.5),
      run(4, 0.5)
    ]);
    expect(m).toMatchObject({
      seconds: 4,
      runs: 3,
      minSeconds: 2,
      maxSeconds: 4,
      medianSeconds: 3,
      meanSeconds: 3
    });
    expect(m?.variation).toBeCloseTo(1 / 3); // sample sd 1 over mean 3
    expect(m?.coresBusy).toBeCloseTo(0.5);
  });

  it('adds the children’s CPU to the cores busy', () => {
    expect(measureRuns([run(5, 0, 4.9)])?.coresBusy).toBeCloseTo(0.98);
  });

  it('does not guess cores busy from timings without the probe', () => {
    expect(
      measureRuns([{ ...run(5, 0), timing_only: true }])?.coresBusy
    ).toBeNull();
  });

  it('is null without a successful run, and has no spread with one', () => {
    expect(measureRuns([])).toBeNull();
    expect(measureRuns([{ ...run(1), ok: false }])).toBeNull();
    expect(measureRuns([run(1)])?.variation).toBeNull();
  });
});

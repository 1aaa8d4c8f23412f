import type { IProfileInput } from './state';
import { codeAt, MAX_HOT_LINES, profileSection } from './state';
import { OTHER, plainRun, profiledRun, SHOWN } from './__tests__/profiles';
import type { IProfileLine } from '../../../contracts/facts';

const CELLS = [
  {
    id: OTHER,
    index: 2,
    source: 'def step(x):\n    return sum(v * v for v in x)'
  },
  {
    id: SHOWN,
    index: 4,
    source:
      'total = 0\nimport time\ntime.sleep(0.1)\nfor x in data: total += step(x)'
  }
];

function input(extra: Partial<IProfileInput> = {}): IProfileInput {
  return {
    cellId: SHOWN,
    runs: [profiledRun()],
    cells: CELLS,
    profiling: true,
    startDelayS: 0.1,
    timingsOnly: false,
    ...extra
  };
}

describe('profileSection', () => {
  it('lists the hot lines heaviest first, with the cell they are in', () => {
    const section = profileSection(input());
    if (section?.kind !== 'profiled') {
      throw new Error(`expected a profile, got ${section?.kind}`);
    }
    expect(section.samples).toBe(190);
    expect(
      section.lines.map(l => [l.cellIndex, l.line, l.inShownCell])
    ).toEqual([
      [2, 2, false],
      [4, 4, true],
      [4, 3, true]
    ]);
    const [first] = section.lines;
    expect(first.share).toBeCloseTo(0.6, 6);
    expect(first.code).toBe('return sum(v * v for v in x)');
    expect(first.call).toEqual({
      name: 'numpy.core.fromnumeric.sum',
      seconds: 0.3
    });
    expect(section.lines[1].call).toBeNull();
    // line 1 (0.5 %), the lines left out and IPython's own time: 100 % - 96 %
    expect(section.restShare).toBeCloseTo(0.04, 6);
  });

  it('reads the latest run only', () => {
    const section = profileSection(
      input({ runs: [profiledRun(), plainRun(0.05)] })
    );
    expect(section).toEqual({ kind: 'too-short', wallS: 0.05, delayS: 0.1 });
  });

  it('lists at most MAX_HOT_LINES lines', () => {
    const many: IProfileLine[] = Array.from({ length: 9 }, (_, i) => ({
      cell_id: SHOWN,
      line: i + 1,
      python_s: 0.2,
      native_s: 0,
      waiting_s: 0
    }));
    const section = profileSection(input({ runs: [profiledRun(many)] }));
    expect(section?.kind === 'profiled' && section.lines.length).toBe(
      MAX_HOT_LINES
    );
  });

  it('keeps a line of a cell deleted since, without a position', () => {
    const gone = profileSection(input({ cells: CELLS.slice(1) }));
    expect(gone?.kind === 'profiled' && gone.lines[0]).toMatchObject({
      cellId: OTHER,
      cellIndex: null,
      code: ''
    });
  });

  it('says profiling is off when the setting is off', () => {
    expect(profileSection(input({ profiling: false }))).toEqual({
      kind: 'off'
    });
  });

  it("takes the delay from the probe's hello, else from an earlier profile", () => {
    const short = plainRun(0.3);
    expect(profileSection(input({ runs: [short], startDelayS: 0.5 }))).toEqual({
      kind: 'too-short',
      wallS: 0.3,
      delayS: 0.5
    });
    const earlier = profiledRun(undefined, {});
    earlier.profile = { ...earlier.profile!, start_delay_s: 0.4 };
    expect(
      profileSection(input({ runs: [earlier, short], startDelayS: null }))
    ).toEqual({ kind: 'too-short', wallS: 0.3, delayS: 0.4 });
  });

  it('says a long run without a profile was not profiled', () => {
    expect(profileSection(input({ runs: [plainRun(3)] }))).toEqual({
      kind: 'unprofiled'
    });
  });

  it('has nothing to say before the first run or with timings only', () => {
    expect(profileSection(input({ runs: [] }))).toBeNull();
    expect(profileSection(input({ timingsOnly: true }))).toBeNull();
    expect(
      profileSection(input({ runs: [plainRun(3, { timing_only: true })] }))
    ).toBeNull();
  });
});

describe('codeAt', () => {
  it.each([
    ['a = 1\n   b = 2  \n', 2, 'b = 2'],
    ['a = 1', 5, ''],
    [
      `x = ${'1 + '.repeat(30)}1`,
      1,
      `x = ${'1 + '.repeat(30)}`.slice(0, 59) + '…'
    ]
  ])('line %#', (source, line, expected) => {
    expect(codeAt(source, line)).toBe(expected);
  });
});

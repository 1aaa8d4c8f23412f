import { nullTranslator } from '@jupyterlab/translation';

import {
  formatShare,
  heat,
  lineMarks,
  profiledSeconds,
  split
} from './markers';
import { OTHER, plainRun, profiledRun, SHOWN } from './__tests__/profiles';

const trans = nullTranslator.load('jupyterlab_optimiser');

describe('profiledSeconds', () => {
  it('adds the lines, the lines left out and the time elsewhere', () => {
    expect(profiledSeconds(profiledRun().profile!, 2.02)).toBeCloseTo(2.0, 6);
  });

  it('falls back on the wall time when nothing was credited', () => {
    const empty = profiledRun([]).profile!;
    const none = {
      ...empty,
      more_lines: undefined,
      elsewhere: { python_s: 0, native_s: 0, waiting_s: 0 }
    };
    expect(profiledSeconds(none, 0.4)).toBe(0.4);
  });
});

describe('heat', () => {
  it.each([
    [0.01, 1],
    [0.049, 1],
    [0.05, 2],
    [0.19, 2],
    [0.2, 3],
    [0.5, 4],
    [1, 4]
  ])('a share of %p is heat %p', (share, expected) => {
    expect(heat(share)).toBe(expected);
  });
});

describe('split', () => {
  it('gives shares of the line, not of the run', () => {
    expect(split({ python_s: 0.2, native_s: 0.3, waiting_s: 0.5 })).toEqual({
      python: 0.2,
      native: 0.3,
      waiting: 0.5
    });
  });

  it('is all zero for a line that took no time', () => {
    expect(split({ python_s: 0, native_s: 0, waiting_s: 0 })).toEqual({
      python: 0,
      native: 0,
      waiting: 0
    });
  });
});

describe('lineMarks', () => {
  it("marks the cell's own lines in line order, with their share of the run", () => {
    const marks = lineMarks(profiledRun(), SHOWN, 10);
    expect(marks.map(m => [m.line, m.heat])).toEqual([
      [3, 2],
      [4, 3]
    ]);
    expect(marks[0].share).toBeCloseTo(0.06, 6);
    expect(marks[1].share).toBeCloseTo(0.3, 6);
    expect(marks[1].split.native).toBeCloseTo(0.5, 6);
  });

  it("keeps another cell's lines for that cell", () => {
    const marks = lineMarks(profiledRun(), OTHER, 10);
    expect(marks.map(m => m.line)).toEqual([2]);
    expect(marks[0].heat).toBe(4);
  });

  it('leaves out lines past the end of a cell that got shorter', () => {
    expect(lineMarks(profiledRun(), SHOWN, 3).map(m => m.line)).toEqual([3]);
  });

  it('marks nothing for a run without a profile, or no run', () => {
    expect(lineMarks(plainRun(0.05), SHOWN, 10)).toEqual([]);
    expect(lineMarks(null, SHOWN, 10)).toEqual([]);
  });
});

describe('formatShare', () => {
  it.each([
    [0.423, '42%'],
    [1, '100%'],
    [0.004, '<1%'],
    [0, '0%']
  ])('%p reads %p', (share, text) => {
    expect(formatShare(trans, share)).toBe(text);
  });
});

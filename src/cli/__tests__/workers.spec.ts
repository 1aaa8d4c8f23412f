import { shareRanges } from '../workers';

describe('shareRanges', () => {
  it.each([
    [
      [100, 100, 100, 100],
      2,
      [
        [0, 2],
        [2, 4]
      ]
    ],
    [
      [300, 100, 100, 100],
      2,
      [
        [0, 1],
        [1, 4]
      ]
    ],
    [
      [1, 1, 1],
      3,
      [
        [0, 1],
        [1, 2],
        [2, 3]
      ]
    ],
    [
      [0, 0, 5],
      2,
      [
        [0, 2],
        [2, 3]
      ]
    ],
    [
      [5, 0, 0],
      3,
      [
        [0, 1],
        [1, 2],
        [2, 3]
      ]
    ],
    [[7, 7, 7], 1, [[0, 3]]]
  ])(
    'splits %j into %i contiguous, non-empty shares: %j',
    (lengths, count, ranges) => {
      expect(shareRanges(lengths, count)).toEqual(ranges);
    }
  );
});

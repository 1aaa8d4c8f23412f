import { cell, run } from '../../__tests__/fixtures';
import { cellTimings } from './state';

describe('cellTimings', () => {
  it('has a bar for each measured code cell, in notebook order, with its last and total time', () => {
    const cells = [
      cell('a', 1, 'for i in range(10):\n    pass'),
      cell('m', 2, '# notes', { type: 'markdown' }),
      cell('b', 3, 'x = 1'),
      cell('c', 4, 'y = 2')
    ];
    const timings = cellTimings(cells, {
      a: [run(1), run(2, { ok: false })],
      m: [run(5)],
      c: [run(0.5)]
    });
    expect(timings).toEqual([
      {
        id: 'a',
        index: 1,
        label: 'for i in range(10):',
        lastS: 2,
        totalS: 3,
        runs: 2,
        lastOk: false
      },
      {
        id: 'c',
        index: 4,
        label: 'y = 2',
        lastS: 0.5,
        totalS: 0.5,
        runs: 1,
        lastOk: true
      }
    ]);
  });
});

import {
  advice,
  advised,
  cell,
  CONFIG,
  measurements
} from './__tests__/fixtures';
import { AdviceMemo } from './advicememo';
import type { IAdviseContext } from './options';

describe('AdviceMemo', () => {
  const series = cell('series', 2, 'for i in range(10): pass');
  const other = cell('other', 3, 'x = 1');
  const context = (extra: Partial<IAdviseContext> = {}): IAdviseContext => ({
    notebookId: 'nb',
    cells: [series, other],
    measurements: SNAPSHOT,
    config: CONFIG,
    ...extra
  });
  const SNAPSHOT = measurements({});

  it('asks the pipeline again only when what it reads changed', () => {
    const advise = jest.fn(() => advised(advice('numba-jit')));
    const memo = new AdviceMemo(advise);
    const first = memo.get(series, context(), 1);
    expect(memo.get(series, context(), 1)).toBe(first);
    expect(advise).toHaveBeenCalledTimes(1);

    memo.get(series, context(), 2); // an edit
    memo.get(other, context(), 2); // another cell
    memo.get(other, context({ measurements: measurements({}) }), 2); // a new run
    memo.get(other, context({ config: { ...CONFIG } }), 2); // new settings
    memo.get(other, context({ notebookId: 'nb2' }), 2); // another notebook
    expect(advise).toHaveBeenCalledTimes(6);

    memo.clear();
    memo.get(other, context({ notebookId: 'nb2' }), 2);
    expect(advise).toHaveBeenCalledTimes(7);
  });
});

import { cell, FACTS, measurements } from '../../__tests__/fixtures';
import { kernelView } from './state';

describe('kernelView', () => {
  const cells = [cell('a', 1, 'x = 1'), cell('b', 2, 'y = 2')];

  it('names the running cell by its position and the kernel by language and version', () => {
    const view = kernelView(
      measurements({}, { facts: FACTS, running: { cellId: 'b', since: 5 } }),
      cells,
      false
    );
    expect(view).toMatchObject({
      status: 'probed',
      running: { cellId: 'b', index: 2, since: 5 },
      language: 'python 3.11.7',
      fallback: false
    });
  });

  it('has no index for a running cell of another notebook, and no language without facts', () => {
    const view = kernelView(
      measurements({}, { facts: null, running: { cellId: 'z', since: 1 } }),
      cells,
      true
    );
    expect(view.running?.index).toBeNull();
    expect(view.language).toBeNull();
    expect(view.fallback).toBe(true);
  });
});

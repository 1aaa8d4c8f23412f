import { parser as bundled } from '@lezer/python';

import type { ICellSource } from '../analysis';
import { NotebookAnalyser } from '../analysis';
import { installPythonParser, pythonParserFailed } from '../analysis/parser';
import { SlicedReader } from './reader';

/** Realistic small cells, each source different. */
function cells(count: number): ICellSource[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `cell-${i}`,
    index: i,
    source:
      i % 2 === 0
        ? `total_${i} = 0\nfor k in range(${i + 10}):\n    total_${i} += k ** 0.5`
        : `def f_${i}(x):\n    return [v * ${i} for v in x]\n\nf_${i}(range(3))`
  }));
}

/**
 * A real analyser whose parsing "costs" `msPerCell` on a fake clock for each cell the slice adds
 * to the previous one (what its cache does not hold), so the slices' timing is deterministic.
 */
function timedAnalyser(msPerCell: number) {
  const analyser = new NotebookAnalyser();
  const clock = { now: 0 };
  const slices: number[] = [];
  let held = new Map<string, string>();
  const analyse = analyser.analyse.bind(analyser);
  jest.spyOn(analyser, 'analyse').mockImplementation(list => {
    const added = list.filter(cell => held.get(cell.id) !== cell.source);
    clock.now += added.length * msPerCell;
    slices.push(added.length * msPerCell);
    held = new Map(list.map(cell => [cell.id, cell.source]));
    return analyse(list);
  });
  return { analyser, clock, slices };
}

describe('SlicedReader', () => {
  it('reads a notebook in slices that each fit the budget, until every cell is read', () => {
    const { analyser, clock, slices } = timedAnalyser(2);
    const reader = new SlicedReader(analyser, () => clock.now);
    const notebook = cells(200);
    let progress = reader.readSome(notebook, 12);
    let calls = 1;
    while (progress.read < progress.total) {
      progress = reader.readSome(notebook, 12);
      calls++;
    }
    expect(progress).toEqual({ read: 200, total: 200 });
    expect(analyser.size).toBe(200);
    expect(Math.max(...slices)).toBeLessThanOrEqual(12);
    // 1 cell first, then 6 a slice (12 ms / 2 ms each): about 34 slices, not hundreds.
    expect(calls).toBeLessThan(40);
    expect(reader.readSome(notebook, 12)).toEqual({ read: 200, total: 200 });
    expect(slices).toHaveLength(calls); // nothing left to read: no analysis
  });

  it('grows the chunk for cheap cells and shrinks it for dear ones', () => {
    const cheap = timedAnalyser(0.1);
    const fast = new SlicedReader(cheap.analyser, () => cheap.clock.now);
    fast.readSome(cells(400), 12);
    expect(fast.chunk).toBe(120);
    const dear = timedAnalyser(30);
    const slow = new SlicedReader(dear.analyser, () => dear.clock.now);
    slow.readSome(cells(40), 12);
    expect(slow.chunk).toBe(1); // one cell at a time: as small as a slice can be
  });

  it('reads an edited cell again, and only that one', () => {
    const { analyser, clock, slices } = timedAnalyser(1);
    const reader = new SlicedReader(analyser, () => clock.now);
    const notebook = cells(10);
    while (reader.readSome(notebook, 100).read < 10) {
      // read all
    }
    const edited = notebook.map(cell =>
      cell.id === 'cell-3'
        ? { ...cell, source: `${cell.source}\n# edit` }
        : cell
    );
    expect(reader.progress(edited)).toEqual({ read: 9, total: 10 });
    expect(reader.readSome(edited, 100)).toEqual({ read: 10, total: 10 });
    expect(slices[slices.length - 1]).toBe(1);
  });

  it('only reports with a budget of 0, and counts an empty notebook as read', () => {
    const { analyser, clock, slices } = timedAnalyser(1);
    const reader = new SlicedReader(analyser, () => clock.now);
    expect(reader.readSome(cells(5), 0)).toEqual({ read: 0, total: 5 });
    expect(slices).toEqual([]);
    expect(reader.readSome([], 12)).toEqual({ read: 0, total: 0 });
  });

  it('reads nothing until the Python parser is installed, and says why if it never is', () => {
    const analyser = new NotebookAnalyser();
    const analyse = jest.spyOn(analyser, 'analyse');
    const reader = new SlicedReader(analyser);
    try {
      installPythonParser(null);
      expect(reader.readSome(cells(3), 50)).toEqual({
        read: 0,
        total: 3,
        parserMissing: { failed: null }
      });
      pythonParserFailed('JupyterLab has no Python language for its editor');
      expect(reader.readSome(cells(3), 50).parserMissing).toEqual({
        failed: 'JupyterLab has no Python language for its editor'
      });
      expect(analyse).not.toHaveBeenCalled();
    } finally {
      installPythonParser(bundled);
    }
    expect(reader.readSome(cells(3), 50)).toEqual({ read: 1, total: 3 }); // a first slice of one
  });
});

import { analyseNotebook, NotebookAnalyser } from '../notebook';
import { cellsDefining } from '../callgraph';

const CELLS = [
  {
    id: 'defs',
    source: 'def simulate(steps):\n    for _ in range(steps):\n        pass'
  },
  { id: 'run', source: 'trajectory = simulate(1000)' },
  { id: 'again', source: 'def simulate(n):\n    return n' }
];

describe('NotebookAnalyser', () => {
  it('keeps cell order and indices', () => {
    const notebook = analyseNotebook(CELLS);
    expect(notebook.cells.map(cell => [cell.id, cell.index])).toEqual([
      ['defs', 0],
      ['run', 1],
      ['again', 2]
    ]);
  });

  it('uses the indices given with the cells (markdown cells in between)', () => {
    const notebook = analyseNotebook([{ id: 'a', source: 'x = 1', index: 3 }]);
    expect(notebook.cells[0].index).toBe(3);
  });

  it('maps each function to the last cell defining it, as the kernel would', () => {
    expect(analyseNotebook(CELLS).definitions).toEqual({ simulate: 'again' });
    expect(analyseNotebook(CELLS.slice(0, 2)).definitions).toEqual({
      simulate: 'defs'
    });
  });

  it('does not list nested functions or methods as definitions', () => {
    const notebook = analyseNotebook([
      {
        id: 'a',
        source:
          'class A:\n    def m(self):\n        def inner():\n            pass'
      }
    ]);
    expect(notebook.definitions).toEqual({});
  });

  it('handles function names that are also object property names', () => {
    const notebook = analyseNotebook([
      {
        id: 'a',
        source: 'def constructor():\n    pass\ndef toString():\n    pass'
      }
    ]);
    expect(notebook.definitions.constructor).toBe('a');
    expect(notebook.definitions.toString).toBe('a');
  });

  it('re-reads only the cell whose source changed', () => {
    const analyser = new NotebookAnalyser();
    const first = analyser.analyse(CELLS);
    const edited = CELLS.map(cell =>
      cell.id === 'run'
        ? { ...cell, source: 'trajectory = simulate(2000)' }
        : cell
    );
    const second = analyser.analyse(edited);
    expect(second.cells[0].analysis).toBe(first.cells[0].analysis);
    expect(second.cells[2].analysis).toBe(first.cells[2].analysis);
    expect(second.cells[1].analysis).not.toBe(first.cells[1].analysis);
    expect(second.cells[1].analysis.calls[0].args).toEqual(['2000']);
  });

  it('forgets cells that left the notebook', () => {
    const analyser = new NotebookAnalyser();
    analyser.analyse(CELLS);
    analyser.analyse(CELLS.slice(1));
    expect(analyser.size).toBe(2);
  });
});

describe('cellsDefining', () => {
  it('gives the positions of every cell defining a name, nested definitions too, in order', () => {
    const notebook = analyseNotebook([
      ...CELLS,
      {
        id: 'nested',
        source: 'def outer():\n    def simulate():\n        pass'
      }
    ]);
    expect(cellsDefining(notebook, 'simulate')).toEqual([0, 2, 3]);
    expect(cellsDefining(notebook, 'outer')).toEqual([3]);
    expect(cellsDefining(notebook, 'trajectory')).toEqual([]);
  });

  it('lists a cell once when it defines the name twice', () => {
    const notebook = analyseNotebook([
      { id: 'a', source: 'def f():\n    pass\ndef f():\n    pass' }
    ]);
    expect(cellsDefining(notebook, 'f')).toEqual([0]);
  });
});

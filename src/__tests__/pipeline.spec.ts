/**
 * The composition both the panel and the CLI use: the advice's `insert` is exactly what the
 * templates render for that rule, from a context describing the analysed cell.
 */
import type { ICellContext } from '../rules';
import { renderFinding } from '../rules';
import { adviseCell, adviseNotebook } from '../pipeline';
import { NotebookAnalyser } from '../analysis';
import { facts, steady } from '../rules/__tests__/helpers';
import type { IAdviceConfig } from '../contracts/settings';
import { DEFAULT_ADVICE_CONFIG } from '../contracts/settings';

jest.mock('../rules', () => ({
  ...jest.requireActual('../rules'),
  renderFinding: jest.fn(
    (finding: { rule: string }, ctx: { cellId: string }) => [
      { cell_type: 'code', source: `# ${finding.rule} for ${ctx.cellId}` }
    ]
  )
}));

const CELLS = [
  { id: 'intro', type: 'markdown' as const, source: '# Title' },
  {
    id: 'defs',
    type: 'code' as const,
    source:
      'def simulate(steps):\n    x = 0.0\n    for _ in range(steps):\n        x = x * 0.5 + 1\n    return x'
  },
  { id: 'run', type: 'code' as const, source: 'y = simulate(10**7)' }
];
const CONFIG: IAdviceConfig = {
  ...DEFAULT_ADVICE_CONFIG,
  poolLibrary: 'joblib'
};

describe('adviseNotebook / adviseCell', () => {
  beforeEach(() => (renderFinding as jest.Mock).mockClear());

  it('fills each advice with the cells the template renders', () => {
    const [defs, run] = adviseNotebook({
      cells: CELLS,
      runs: { run: steady(2) },
      facts: facts(),
      config: CONFIG
    });
    expect(defs).toEqual({
      id: 'defs',
      index: 1,
      seconds: null,
      diagnosis: expect.objectContaining({ kind: 'unmeasured' }),
      advice: [],
      unread: []
    });
    expect(run.diagnosis.kind).toBe('interpreter');
    expect(run.index).toBe(2);
    expect(run.seconds).toBe(2);
    expect(run.advice.map(a => [a.rule, a.insert])).toEqual([
      ['numba-jit', [{ cell_type: 'code', source: '# numba-jit for run' }]]
    ]);
  });

  it('gives the template the cell, the notebook, the sources, the facts and the runs', () => {
    const runs = steady(2);
    const [, run] = adviseNotebook({
      cells: CELLS,
      runs: { run: runs },
      facts: facts(),
      config: CONFIG
    });
    expect(run.advice[0].insert).toHaveLength(1);
    const [finding, ctx] = (renderFinding as jest.Mock).mock.calls[0] as [
      { rule: string; target: unknown },
      ICellContext
    ];
    expect(finding.rule).toBe('numba-jit');
    expect(finding.target).toEqual({
      kind: 'function',
      cellId: 'defs',
      functionName: 'simulate',
      line: 1,
      endLine: 5
    });
    expect(ctx.cellId).toBe('run');
    expect(ctx.source).toBe('y = simulate(10**7)');
    expect(ctx.analysis.calls[0].name).toBe('simulate');
    expect(ctx.notebook?.definitions).toEqual({ simulate: 'defs' });
    expect(ctx.cellSources).toEqual({
      defs: CELLS[1].source,
      run: CELLS[2].source
    });
    expect(ctx.facts).toEqual(facts());
    expect(ctx.runs).toBe(runs);
    expect(ctx.config).toBe(CONFIG);
  });

  it('renders a finding only when its cells are read, and then once', () => {
    const [, run] = adviseNotebook({
      cells: CELLS,
      runs: { run: steady(2) },
      facts: facts(),
      config: CONFIG
    });
    expect(renderFinding).not.toHaveBeenCalled();
    const first = run.advice[0].insert;
    expect(run.advice[0].insert).toBe(first);
    expect(renderFinding).toHaveBeenCalledTimes(1);
    // A copy or JSON of the advice holds the cells as a plain property would.
    expect({ ...run.advice[0] }.insert).toBe(first);
    expect(JSON.parse(JSON.stringify(run.advice[0])).insert).toEqual(first);
  });

  it('advises one cell the same way as the whole notebook', () => {
    const input = {
      cells: CELLS,
      runs: { run: steady(2) },
      facts: facts(),
      config: CONFIG
    };
    expect(adviseCell(input, 'run')).toEqual(adviseNotebook(input)[1]);
    expect(adviseCell(input, 'intro')).toBeNull();
    expect(adviseCell(input, 'missing')).toBeNull();
  });

  it('reuses a long-lived analyser across calls', () => {
    const analyser = new NotebookAnalyser();
    const input = {
      cells: CELLS,
      runs: { run: steady(2) },
      facts: null,
      config: CONFIG,
      analyser
    };
    adviseNotebook(input);
    expect(analyser.size).toBe(2);
    expect(adviseCell(input, 'run')?.advice[0].rule).toBe('numba-jit');
  });
});

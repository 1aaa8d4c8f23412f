/**
 * The demo notebook (examples/slow-cells.ipynb) with the runs measured on the 2-core development
 * machine (examples/slow-cells.facts.json): every cell gets the advice its author intended.
 */
import * as fs from 'fs';
import * as path from 'path';

import { readFacts } from '../cli/facts';
import { readNotebook } from '../cli/notebook';
import type { IFacts, IRunRecord } from '../contracts/facts';
import type { IPipelineCell } from '../pipeline';
import { adviseNotebook } from '../pipeline';
import type { RuleId } from '../contracts/advice';
import { formatMessage } from '../contracts/messages';
import { run } from '../rules/__tests__/helpers';
import { DEFAULT_ADVICE_CONFIG } from '../contracts/settings';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const CELLS = readNotebook(
  fs.readFileSync(path.join(EXAMPLES, 'slow-cells.ipynb'), 'utf-8'),
  'slow-cells.ipynb'
);
const FACTS = readFacts(
  fs.readFileSync(path.join(EXAMPLES, 'slow-cells.facts.json'), 'utf-8'),
  'facts'
);

function topAdvice(
  facts: IFacts = FACTS,
  cells: IPipelineCell[] = CELLS
): Record<string, RuleId | null> {
  const { runs, ...rest } = facts;
  const result = adviseNotebook({
    cells,
    runs,
    facts: rest,
    config: DEFAULT_ADVICE_CONFIG
  });
  return Object.fromEntries(
    result.map(cell => [cell.id, cell.advice[0]?.rule ?? null])
  );
}

const INTENDED: Record<string, RuleId | null> = {
  setup: null,
  'series-loop': 'numpy-vectorise',
  'list-arithmetic': 'numpy-vectorise',
  'time-stepping': 'numba-jit',
  'word-stats': 'pathos-pool',
  'external-runs': 'gnu-parallel',
  // 800 MB that fit in memory, in NumPy on one core: NumPy already does the work (issue 12; the
  // field corpus labels the same shape, hpda-large-array-mean-numpy, "no card"). Dask is for data
  // beyond memory: see the last test.
  'big-array': null,
  pipeline: 'profile-first',
  'already-vectorised': null
};

/**
 * Opened without running: a card only where the code alone shows heavy work (large known trip
 * counts, nested numeric loops); the other cells say "run it to measure" (issue 12, defect 9).
 */
const FROM_CODE: Record<string, RuleId | null> = {
  ...INTENDED,
  'word-stats': null,
  'external-runs': null,
  pipeline: null
};

describe('the demo notebook', () => {
  it('gets the advice its author intended for each cell, on the measured runs', () => {
    expect(topAdvice()).toEqual(INTENDED);
  });

  it('gets one piece of advice per slow cell, nothing contradictory', () => {
    const { runs, ...rest } = FACTS;
    const result = adviseNotebook({
      cells: CELLS,
      runs,
      facts: rest,
      config: DEFAULT_ADVICE_CONFIG
    });
    expect(result.map(cell => cell.advice.length)).toEqual([
      0, 1, 1, 1, 1, 1, 0, 1, 0
    ]);
  });

  it('gets the steps the code alone can back from the code alone, less sure', () => {
    const result = adviseNotebook({
      cells: CELLS,
      runs: {},
      facts: null,
      config: DEFAULT_ADVICE_CONFIG
    });
    const top = Object.fromEntries(
      result.map(cell => [cell.id, cell.advice[0]?.rule ?? null])
    );
    expect(top).toEqual(FROM_CODE);
    expect(
      result
        .flatMap(cell => cell.advice)
        .every(advice => advice.confidence !== 'high')
    ).toBe(true);
  });

  it('partitions the big array with Dask once it no longer fits in memory', () => {
    const facts = {
      ...FACTS,
      machine: { ...FACTS.machine, memory_available_bytes: 5e8 }
    };
    expect(topAdvice(facts)['big-array']).toBe('dask-partition');
  });

  it('sends already-vectorised code to a GPU library when there is a GPU', () => {
    const facts = {
      ...FACTS,
      machine: {
        ...FACTS.machine,
        gpus: [{ name: 'NVIDIA H100', memory_bytes: 80e9 }]
      }
    };
    expect(topAdvice(facts)['already-vectorised']).toBe('gpu-library');
  });

  it('spreads a full node over several when a scheduler is present', () => {
    const facts = {
      ...FACTS,
      machine: { ...FACTS.machine, scheduler: 'slurm' }
    };
    expect(topAdvice(facts)['already-vectorised']).toBe('multi-node');
  });

  it('asks for consistent timing first when repeated runs vary by more than 20%', () => {
    const varying: IRunRecord[] = [run(2.4), run(3.7), run(3.0)];
    const facts = { ...FACTS, runs: { ...FACTS.runs, 'series-loop': varying } };
    const top = topAdvice(facts);
    expect(top['series-loop']).toBe('consistent-timing');
    expect(top['list-arithmetic']).toBe('numpy-vectorise');
  });

  it('ends with a compiled extension once the loop is compiled, parallel and no GPU or node is left', () => {
    const cells = CELLS.map(cell =>
      cell.id === 'time-stepping'
        ? {
            ...cell,
            source: `import numba\n\n@numba.njit(parallel=True)\n${cell.source.replace('range(steps)', 'numba.prange(steps)')}`
          }
        : cell
    );
    const facts = {
      ...FACTS,
      runs: {
        ...FACTS.runs,
        'time-stepping': [run(1.3, 2), run(1.3, 2), run(1.3, 2)]
      }
    };
    expect(topAdvice(facts, cells)['time-stepping']).toBe('compiled-extension');
  });

  it('points the advice for a call at the cell that defines the function', () => {
    const split = CELLS.flatMap(cell =>
      cell.id === 'time-stepping'
        ? [
            { ...cell, id: 'time-def', source: cell.source.split('\n\n\n')[0] },
            { ...cell, source: cell.source.split('\n\n\n')[1] }
          ]
        : [cell]
    );
    const { runs, ...rest } = FACTS;
    const result = adviseNotebook({
      cells: split,
      runs,
      facts: rest,
      config: DEFAULT_ADVICE_CONFIG
    });
    const advice = result.find(cell => cell.id === 'time-stepping')?.advice[0];
    expect(advice?.rule).toBe('numba-jit');
    expect(advice?.target).toEqual({
      kind: 'function',
      cellId: 'time-def',
      functionName: 'simulate',
      line: 1,
      endLine: 9
    });
    expect(advice && formatMessage(advice.why)).toContain(
      'defined in cell 8, line 4 there'
    );
  });
});

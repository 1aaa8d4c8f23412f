/**
 * Fixture data for the panel's tests: cells, runs, facts and advice shaped as the real services
 * give them. Not a test file itself (jest runs `*.spec.ts(x)` only).
 */
import { coresBusy, linesMessage, message } from '../../contracts/messages';
import type { IAdvice, RuleId } from '../../contracts/advice';
import type { IFacts, IRunRecord } from '../../contracts/facts';
import type { IAdvised, ICellInfo } from '../types';
import type { INotebookMeasurements } from '../../contracts/measurements';
import type { ISettings } from '../../contracts/settings';
import { DEFAULT_SETTINGS } from '../../contracts/settings';
import type { IInsertedTag } from '../../contracts/metadata';

/** A run of `wall` seconds; cpu defaults to one core busy. */
export function run(wall: number, extra: Partial<IRunRecord> = {}): IRunRecord {
  return {
    wall_s: wall,
    cpu_s: wall,
    children_cpu_s: 0,
    peak_rss_delta_bytes: 1024 * 1024,
    imported: [],
    ok: true,
    ...extra
  };
}

/** A code cell at 1-based `index`. */
export function cell(
  id: string,
  index: number,
  source: string,
  extra: Partial<ICellInfo> = {}
): ICellInfo {
  return {
    id,
    index,
    type: 'code',
    source,
    inserted: null,
    streamText: '',
    executionCount: null,
    ...extra
  };
}

/** A cell the Optimiser inserted from `sourceCell` for `rule`. */
export function insertedCell(
  id: string,
  index: number,
  tag: Omit<IInsertedTag, 'role'> & { role?: string },
  extra: Partial<ICellInfo> = {}
): ICellInfo {
  return cell(id, index, `# ${tag.rule}`, {
    inserted: { role: 'rewrite', ...tag },
    ...extra
  });
}

export const FACTS: Omit<IFacts, 'runs'> = {
  version: 1,
  kernel: { language: 'python', version: '3.11.7' },
  machine: {
    cores: 16,
    memory_bytes: 64 * 2 ** 30,
    memory_available_bytes: 48 * 2 ** 30,
    gpus: [{ name: 'NVIDIA H100', memory_bytes: 80 * 2 ** 30 }],
    scheduler: 'slurm'
  },
  libraries: {
    numpy: '2.1.3',
    scipy: '1.14.1',
    pandas: null,
    numba: null,
    pathos: '0.3.3',
    multiprocess: '0.70.17',
    joblib: null,
    dask: '2024.12.0',
    distributed: '2024.12.0',
    dask_jobqueue: null,
    cupy: null,
    cudf: null,
    torch: null,
    jax: null,
    cython: null
  },
  variables: {}
};

/** Measurements of a probed Python kernel. */
export function measurements(
  runs: Record<string, IRunRecord[]>,
  extra: Partial<INotebookMeasurements> = {}
): INotebookMeasurements {
  return {
    status: 'probed',
    message: null,
    runs,
    facts: FACTS,
    running: null,
    ...extra
  };
}

/** A piece of advice as the engine gives it. */
export function advice(rule: RuleId, extra: Partial<IAdvice> = {}): IAdvice {
  return {
    rule,
    title: message('rule.not-advised', { rule }),
    why: message('loops.on-one', { lines: linesMessage([3], 'shown') }),
    // The cell the advice is shown for (no cell of the fixtures has this id: never "elsewhere").
    target: {
      kind: 'cell',
      cellId: 'shown',
      functionName: null,
      line: 1,
      endLine: 3
    },
    evidence: [
      {
        kind: 'measured',
        text: message('evidence.ran', { seconds: '12.4 s' })
      },
      { kind: 'measured', text: coresBusy(1, 16) },
      {
        kind: 'code',
        text: message('numpy-vectorise.element-wise', { items: 'x[i]' }),
        line: 3
      }
    ],
    confidence: 'high',
    insert: [{ cell_type: 'code', source: `# ${rule}` }],
    ...extra
  };
}

/** The settings' defaults, as a panel with untouched settings has them. */
export const CONFIG: ISettings = { ...DEFAULT_SETTINGS };

/** The demo-like notebook the view tests render: a set-up cell, a slow loop, a never-run cell. */
export function demoCells(): ICellInfo[] {
  return [
    cell('setup', 1, 'import math\nimport numpy as np', { executionCount: 1 }),
    cell(
      'series',
      2,
      'total = 0.0\nfor k in range(1, 8_000_001):\n    total += math.sin(k) / k ** 1.5\ntotal',
      {
        executionCount: 2
      }
    ),
    cell(
      'never',
      3,
      'def simulate(steps):\n    return steps\n\ntrajectory = simulate(10)'
    )
  ];
}

/** Runs for demoCells(): the loop ran three times. */
export function demoRuns(): Record<string, IRunRecord[]> {
  return {
    setup: [run(0.2, { imported: ['numpy'] })],
    series: [run(12.1), run(12.4, { imported: ['math'] }), run(12.0)]
  };
}

/** What the pipeline says of a cell: these pieces of advice, no diagnosis. */
export function advised(...items: IAdvice[]): IAdvised {
  return { advice: items, diagnosis: null };
}

import type { RunsByCell } from '../../../contracts/facts';
import { parseVerifyLine } from '../../../contracts/verify';
import { insertionBlocks } from '../beforeafter/state';
import {
  CONSISTENT_VARIATION,
  MIN_RUNS_TO_COMPARE,
  runStats
} from '../../../advice/measure';
import type {
  ChecklistId,
  ChecklistReason,
  ICellInfo,
  IChecklistItem
} from '../../types';
import { CHECKLIST_IDS } from '../../types';

/** What the contents API told about the notebook's folder; null fields: not checked yet. */
export interface IWorkspaceFacts {
  /** 'found' / 'absent', or 'hidden' when the server hides dot-folders so `.git` cannot be seen. */
  git: { state: 'found' | 'absent' | 'hidden'; folder: string } | null;
  /** Where tests were found (a folder or file path), '' when none; null until checked. */
  tests: string | null;
}

/** Everything the checklist reads. */
export interface IChecklistInput {
  cells: readonly ICellInfo[];
  runs: RunsByCell;
  /** The cell being optimised: the selected cell when it ran, else the slowest measured cell. */
  target: ICellInfo | null;
  workspace: IWorkspaceFacts;
  ticked: readonly ChecklistId[];
}

/** A test case should run "in a minute or two". */
export const SMALL_CASE_SECONDS = 120;

type Check = Omit<IChecklistItem, 'id' | 'ticked'>;

const check = (
  state: Check['state'],
  reason: ChecklistReason,
  values: Check['values'] = {}
): Check => ({ state, reason, values });

/** The lesson's "what next" items for a notebook, each with the state the panel could check. */
export function buildChecklist(input: IChecklistInput): IChecklistItem[] {
  const checks: Record<ChecklistId, () => Check> = {
    'version-control': () => versionControl(input.workspace),
    tests: () => tests(input),
    'consistent-timing': () => consistentTiming(input),
    'small-test-case': () => smallTestCase(input),
    profiled: () => profiled(input),
    'one-change': () => oneChange(input.cells)
  };
  return CHECKLIST_IDS.map(id => {
    const result = checks[id]();
    const ticked = input.ticked.includes(id) && result.state !== 'done';
    return { id, ...result, state: ticked ? 'done' : result.state, ticked };
  });
}

function versionControl(workspace: IWorkspaceFacts): Check {
  const git = workspace.git;
  if (!git) {
    return check('unknown', 'checking');
  }
  switch (git.state) {
    case 'found':
      return check('done', 'git-found', { folder: git.folder || '/' });
    case 'absent':
      return check('todo', 'git-absent', { folder: git.folder || '/' });
    case 'hidden':
      return check('unknown', 'git-hidden');
  }
}

// Keyword checks, not structure: a test function or an assert anywhere in the notebook counts.
const NOTEBOOK_TEST = /^\s*(?:def\s+test_\w*\s*\(|assert\s)/m;
const PROFILERS =
  /(?:\bcProfile\b|%%?prun\b|%%?lprun\b|\bline_profiler\b|\bpyinstrument\b|%%?snakeviz\b|\bscalene\b)/;

function tests(input: IChecklistInput): Check {
  if (input.workspace.tests) {
    return check('done', 'tests-found', { where: input.workspace.tests });
  }
  const cell = input.cells.find(
    candidate =>
      candidate.type === 'code' &&
      !candidate.inserted &&
      NOTEBOOK_TEST.test(candidate.source)
  );
  if (cell) {
    return check('done', 'tests-in-notebook', { cell: cell.index });
  }
  return input.workspace.tests === null
    ? check('unknown', 'checking')
    : check('todo', 'tests-absent');
}

function consistentTiming(input: IChecklistInput): Check {
  const target = input.target;
  const stats = target ? runStats(input.runs[target.id] ?? []) : null;
  if (!target || !stats) {
    return check('unknown', 'no-runs');
  }
  // The consistent-timing rule's own variation and limit (advice/measure.ts), so the checklist
  // and a card never disagree about the same runs.
  if (stats.cv === null) {
    return check('unknown', 'few-runs', {
      cell: target.index,
      runs: stats.okCount,
      needed: MIN_RUNS_TO_COMPARE
    });
  }
  const values = {
    cell: target.index,
    runs: stats.okCount,
    cv: Math.round(stats.cv * 100)
  };
  return stats.cv <= CONSISTENT_VARIATION
    ? check('done', 'consistent', values)
    : check('todo', 'inconsistent', values);
}

function smallTestCase(input: IChecklistInput): Check {
  const target = input.target;
  const runs = target ? input.runs[target.id] : undefined;
  if (!target || !runs || runs.length === 0) {
    return check('unknown', 'no-runs');
  }
  const seconds = runs[runs.length - 1].wall_s;
  const values = { cell: target.index, seconds, limit: SMALL_CASE_SECONDS };
  return seconds <= SMALL_CASE_SECONDS
    ? check('done', 'small-case', values)
    : check('todo', 'large-case', values);
}

function profiled(input: IChecklistInput): Check {
  const ran = (cell: ICellInfo) =>
    cell.executionCount !== null || (input.runs[cell.id]?.length ?? 0) > 0;
  const profiling = input.cells.filter(
    cell =>
      cell.type === 'code' &&
      (cell.inserted?.rule === 'profile-first' || PROFILERS.test(cell.source))
  );
  const done = profiling.find(ran);
  if (done) {
    return check('done', 'profiled', { cell: done.index });
  }
  return profiling.length > 0
    ? check('todo', 'profile-not-run', { cell: profiling[0].index })
    : check('todo', 'not-profiled');
}

function oneChange(cells: readonly ICellInfo[]): Check {
  const sources = new Set<string>();
  cells.forEach(cell => cell.inserted && sources.add(cell.inserted.sourceCell));
  let pending = 0;
  for (const source of sources) {
    for (const block of insertionBlocks(source, cells)) {
      const verify = block.find(cell => cell.inserted?.role === 'verify');
      const result = verify ? parseVerifyLine(verify.streamText) : null;
      if (result && !result.equal) {
        return check('todo', 'verify-differs', { cell: verify?.index ?? 0 });
      }
      pending += result ? 0 : 1;
    }
  }
  if (sources.size === 0) {
    return check('unknown', 'no-changes');
  }
  return pending <= 1
    ? check('done', 'one-pending', { pending })
    : check('todo', 'many-pending', { pending });
}

/** The cell the timing items judge: the shown cell once it ran, else the slowest measured cell. */
export function checklistTarget(
  selected: ICellInfo | null,
  cells: readonly ICellInfo[],
  runs: RunsByCell
): ICellInfo | null {
  if (selected && (runs[selected.id]?.length ?? 0) > 0) {
    return selected;
  }
  let slowest: ICellInfo | null = null;
  let slowestS = -1;
  for (const cell of cells) {
    const list = runs[cell.id];
    const last = list && list.length > 0 ? list[list.length - 1].wall_s : -1;
    if (!cell.inserted && last > slowestS) {
      slowest = cell;
      slowestS = last;
    }
  }
  return slowest;
}

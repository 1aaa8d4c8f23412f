/**
 * pathos-pool: the loop body as a per-item function mapped over the items by a process pool
 * (pathos by default; joblib or concurrent.futures when the settings ask for them), one worker
 * per usable core. Shared by dask-partition and multi-node for item loops.
 */
import type { ILoop } from '../../analysis/types';
import { USABLE_CORES, blocks } from '../../templates/cells';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import { cellsDefining } from '../../analysis/callgraph';
import { replaceLines, statementAt } from '../../analysis/syntax';
import { isTargetLoop } from '../../templates/target';
import type { ITemplateContext } from '../../templates/types';
import type { IWorkItems } from '../../templates/work-items';
import {
  drawsRandom,
  seededWork,
  storeResults,
  workItemsAt
} from '../../templates/work-items';
import type { PoolLibrary } from '../../contracts/settings';

/** A top-level for loop read as "apply one function to every item and collect the results". */
export interface IItemLoop {
  loop: ILoop;
  /** The items' expression, e.g. `seeds`. */
  items: string;
  /** The function applied to one item: a name already defined, or one the template defines. */
  fn: string;
  /** A definition to add when the body is more than one call, else ''. */
  definition: string;
  /** Where results go: `results` (appended), `counts` (dict by item) or `total` (summed). */
  result: string;
  collect: 'append' | 'dict' | 'sum';
  /** True when `result` starts empty in this cell, so it can be bound to the mapped list. */
  startsEmpty: boolean;
}

/** The cell's first top-level for loop that appends, sums or stores by item, or null (dask.bag). */
export function itemLoop(ctx: ITemplateContext): IItemLoop | null {
  for (const { loop, work } of independentWork(ctx)) {
    if (
      loop.kind === 'for' &&
      (work.collect === 'append' ||
        work.collect === 'dict' ||
        work.collect === 'sum')
    ) {
      return {
        loop,
        items: work.items,
        fn: work.fn,
        definition: work.definition,
        result: work.results[0],
        collect: work.collect,
        startsEmpty: work.startsEmpty
      };
    }
  }
  return null;
}

/** The cell's own top-level loops the finding names whose iterations are independent, with the
 * work each holds (loops with none left out). */
function independentWork(
  ctx: ITemplateContext
): { loop: ILoop; work: IWorkItems }[] {
  const found: { loop: ILoop; work: IWorkItems }[] = [];
  for (const loop of ctx.analysis.loops) {
    if (
      loop.inFunction === null &&
      loop.depth === 0 &&
      loop.independent &&
      isTargetLoop(ctx, loop)
    ) {
      const node = statementAt(ctx.parsed, loop.line);
      const work = node ? workItemsAt(ctx.parsed, node) : null;
      if (work) {
        found.push({ loop, work });
      }
    }
  }
  return found;
}

/** Python binding `mapped` to the results of `fn` over the list named `list`, in its order. */
export function mapCall(
  library: PoolLibrary,
  fn: string,
  list = 'item_list'
): string {
  switch (library) {
    case 'joblib':
      return [
        'from joblib import Parallel, delayed',
        '',
        `mapped = Parallel(n_jobs=n_workers)(delayed(${fn})(item) for item in ${list})`
      ].join('\n');
    case 'concurrent.futures':
      return [
        'import multiprocessing',
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        '# "fork" lets the workers use functions defined in this notebook (Linux; elsewhere, put them in a module).',
        'context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)',
        'with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as executor:',
        `    mapped = list(executor.map(${fn}, ${list}))`
      ].join('\n');
    default:
      return [
        'from pathos.multiprocessing import ProcessPool',
        '',
        'pool = ProcessPool(nodes=n_workers)',
        'try:',
        `    mapped = pool.map(${fn}, ${list})`,
        'finally:',
        '    pool.close()',
        '    pool.join()',
        '    pool.clear()'
      ].join('\n');
  }
}

/**
 * The work the pool runs: the finding's loop when it targets one, else the cell's top-level
 * loop or comprehension most likely to hold the time (one calling the notebook's own functions,
 * then a for loop), among those whose iterations are independent.
 */
export function poolWork(ctx: ITemplateContext): IWorkItems | null {
  const notebook = ctx.notebook;
  const own = (name: string): boolean =>
    notebook
      ? cellsDefining(notebook, name).length > 0
      : ctx.analysis.functions.some(fn => fn.name === name);
  const found: { work: IWorkItems; score: number }[] = [];
  for (const { loop, work } of independentWork(ctx)) {
    if (
      loop.kind !== 'while' &&
      !found.some(item => item.work.line === work.line)
    ) {
      const score =
        (loop.calls.some(own) ? 2 : 0) + (loop.kind === 'for' ? 1 : 0);
      found.push({ work, score });
    }
  }
  found.sort((a, b) => b.score - a.score || a.work.line - b.work.line);
  return found[0]?.work ?? null;
}

/** The cell's source and those of the cells defining the functions it calls (all cells when
 * the notebook's analysis is not at hand): where the work's random draws would be. */
function workSources(ctx: ITemplateContext): string[] {
  if (!ctx.notebook) {
    return [ctx.source, ...Object.values(ctx.cellSources)];
  }
  const notebook = ctx.notebook;
  const defining = new Set(
    ctx.analysis.calls.flatMap(call => cellsDefining(notebook, call.name))
  );
  return [
    ctx.source,
    ...[...defining]
      .sort((a, b) => a - b)
      .map(position => ctx.cellSources[notebook.cells[position].id] ?? '')
  ];
}

/** The pathos-pool (or joblib / concurrent.futures) rewrite of a cell. */
export function poolRewrite(ctx: ITemplateContext): IRewrite {
  const library = ctx.config.poolLibrary;
  const work = poolWork(ctx);
  if (!work) {
    return {
      summary: `run independent work items in parallel with ${library}.`,
      prepare: USABLE_CORES,
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        'The optimiser could not find a loop of independent items here. Put the work for one item in a function, then map it over the items with a process pool, one worker per core.'
      ],
      cleanup: null
    };
  }
  const random = drawsRandom(workSources(ctx));
  const replacement = blocks(
    work.definition,
    [
      `item_list = list(${work.items})`,
      '# builtins: the cell may have star-imported a min and max that take other arguments (numpy).',
      'import builtins',
      '',
      'n_workers = builtins.max(1, builtins.min(_cores, len(item_list)))'
    ].join('\n'),
    random ? seededWork(work.fn) : null,
    random
      ? mapCall(library, 'seeded_item', 'work_list')
      : mapCall(library, work.fn),
    storeResults(work)
  );
  const run = replaceLines(ctx.source, work.line, work.endLine, replacement);
  return {
    summary: `${work.fn} runs on every item of ${work.items} in parallel, one ${library} worker process per usable core; results keep the items' order${random ? ', and each item draws from its own seeded random stream' : ''}.`,
    prepare: USABLE_CORES,
    run: run.trimEnd(),
    outputs: defaultOutputs(ctx, work.results),
    todo: [],
    cleanup: null
  };
}

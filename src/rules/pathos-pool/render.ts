/**
 * pathos-pool: the loop body as a per-item function mapped over the items by a process pool
 * (pathos by default; joblib or concurrent.futures when the settings ask for them), one worker
 * per usable core. Shared by dask-partition and multi-node for item loops.
 */
import type { ILoop } from '../../analysis/types';
import { USABLE_CORES, blocks, dedent, indent } from '../../templates/cells';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import { cellsDefining } from '../../analysis/callgraph';
import type { SyntaxNode } from '@lezer/common';

import {
  bodyOf,
  descendants,
  lineOf,
  replaceLines,
  statementAt,
  textOf,
  topStatements
} from '../../analysis/syntax';
import { boundNames, storedNames } from '../../analysis/bindings';
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
      loop.inFunction === null &&
      work.carried.length === 0 &&
      !work.prints &&
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

/** The cell's own loops the finding names whose iterations are independent (at its top level,
 * or directly in the body of one of its top-level functions), with the work each holds (loops
 * with none left out). */
function independentWork(
  ctx: ITemplateContext
): { loop: ILoop; work: IWorkItems }[] {
  const found: { loop: ILoop; work: IWorkItems }[] = [];
  for (const loop of ctx.analysis.loops) {
    // Names that only step from item to item (`l = l * zoom`) are replayed for each item.
    const standsAlone = loop.carried.every(name =>
      loop.inductions.includes(name)
    );
    if (loop.depth === 0 && standsAlone && isTargetLoop(ctx, loop)) {
      const node = loopStatement(ctx, loop);
      const work = node ? workItemsAt(ctx.parsed, node, loop.inductions) : null;
      if (work && keepsOnlyResults(ctx, loop, node!, work)) {
        found.push({ loop, work });
      }
    }
  }
  return found;
}

/** The statement of `loop`: one of the cell's top level, or of the body of one of its top-level
 * (undecorated) functions; null elsewhere. */
function loopStatement(ctx: ITemplateContext, loop: ILoop): SyntaxNode | null {
  if (loop.inFunction === null) {
    return statementAt(ctx.parsed, loop.line);
  }
  const parsed = ctx.parsed;
  const fn = topStatements(parsed).find(
    node =>
      node.name === 'FunctionDefinition' &&
      textOf(parsed, node.getChild('VariableName') ?? node) === loop.inFunction
  );
  return (
    (fn ? bodyOf(fn) : []).find(
      node => lineOf(parsed.text, node.from) === loop.line
    ) ?? null
  );
}

/**
 * Whether what the loop keeps is all in its results: it appends to, adds to or stores into
 * nothing else from outside its body (a worker would change its own copy, and the kernel's
 * would stay as it was). A loop whose results are what it prints must also leave no name its
 * body binds to the code after it (the pool leaves those unbound).
 */
function keepsOnlyResults(
  ctx: ITemplateContext,
  loop: ILoop,
  node: SyntaxNode,
  work: IWorkItems
): boolean {
  const parsed = ctx.parsed;
  const own = new Set([...work.carried, ...work.target.split(/[\s,()]+/)]);
  const bound = boundNames(parsed, node).filter(name => !own.has(name));
  const kept = (name: string): boolean =>
    work.results.includes(name) || bound.includes(name);
  if (
    ![...loop.appends, ...loop.accumulators].every(name =>
      work.results.includes(name)
    ) ||
    !storedNames(parsed, node).every(kept)
  ) {
    return false;
  }
  if (work.collect !== 'print') {
    return true;
  }
  const scope = node.parent?.parent ?? parsed.tree.topNode; // the function's Body, or the cell
  const after = new Set(
    descendants(scope)
      .filter(item => item.from >= node.to && item.name === 'VariableName')
      .map(item => textOf(parsed, item))
  );
  return !bound.some(name => after.has(name));
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
  // The loop's own indentation: more than none when it sits in a function.
  const margin = work
    ? (/^\s*/.exec(ctx.source.split('\n')[work.line - 1])?.[0] ?? '')
    : '';
  // The standard pickle that concurrent.futures sends work with cannot take a nested function.
  const unsent = margin !== '' && library === 'concurrent.futures';
  if (!work || unsent) {
    return {
      summary: `run independent work items in parallel with ${library}.`,
      prepare: USABLE_CORES,
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        unsent
          ? `The loop on line ${work?.line} runs inside a function: its per-item work would be a function defined in that function, which concurrent.futures cannot send to its worker processes. Choose pathos or joblib in Settings > Optimiser, or move the loop to the cell's top level.`
          : 'The optimiser could not find a loop of independent items here. Put the work for one item in a function, then map it over the items with a process pool, one worker per core.'
      ],
      cleanup: null
    };
  }
  const random = drawsRandom(workSources(ctx));
  const mapped = work.prints
    ? 'printed_item'
    : random
      ? 'seeded_item'
      : work.fn;
  const replacement = blocks(
    work.definition,
    [
      itemList(work),
      '# builtins: the cell may have star-imported a min and max that take other arguments (numpy).',
      'import builtins',
      '',
      'n_workers = builtins.max(1, builtins.min(_cores, len(item_list)))'
    ].join('\n'),
    random ? seededWork(work.fn) : null,
    work.prints ? printedWork(random ? 'seeded_item' : work.fn) : null,
    mapCall(library, mapped, random ? 'work_list' : 'item_list'),
    work.prints ? PRINT_IN_ORDER : null,
    storeResults(work)
  );
  const run = replaceLines(
    ctx.source,
    work.line,
    work.endLine,
    indent(replacement, margin.length)
  );
  return {
    summary: `${work.fn} runs on every item of ${work.items} in parallel, one ${library} worker process per usable core; results keep the items' order${work.prints ? ', and what each item prints is printed in that order' : ''}${random ? ', and each item draws from its own seeded random stream' : ''}.`,
    prepare: USABLE_CORES,
    run: run.trimEnd(),
    outputs: defaultOutputs(ctx, work.results),
    comparesPrinted: work.collect === 'print',
    todo: [],
    cleanup: null
  };
}

/** Python binding `item_list`: the items, each with the values it started with when the loop
 * carries some (the loop's steps replayed here, so every item gets exactly what the loop gave). */
function itemList(work: IWorkItems): string {
  if (work.carried.length === 0) {
    return `item_list = list(${work.items})`;
  }
  const target = work.target.includes(',') ? `(${work.target})` : work.target;
  return [
    `# Each item with the ${work.carried.join(', ')} it starts from, stepped as the loop steps ${work.carried.length > 1 ? 'them' : 'it'}.`,
    'item_list = []',
    `for ${work.target} in ${work.items}:`,
    `    item_list.append((${target}, ${work.carried.join(', ')}))`,
    ...work.steps.map(step => indent(dedent(step))),
    ''
  ].join('\n');
}

/** Python defining `printed_item` around `fn`: a worker's prints would not reach the notebook,
 * so each item's printed text comes back with its result. */
function printedWork(fn: string): string {
  return [
    'import contextlib',
    'import io',
    '',
    "# A worker process cannot print into the notebook: each item's printed text comes back with its",
    "# result and is printed here, in the items' order.",
    'def printed_item(item):',
    '    with contextlib.redirect_stdout(io.StringIO()) as out:',
    `        value = ${fn}(item)`,
    '    return value, out.getvalue()'
  ].join('\n');
}

const PRINT_IN_ORDER = [
  'for _, text in mapped:',
  '    print(text, end="")',
  'mapped = [value for value, _ in mapped]'
].join('\n');

/**
 * pathos-pool: the loop body as a per-item function mapped over the items by a process pool
 * (pathos by default; joblib or concurrent.futures when the settings ask for them), one worker
 * per usable core. Shared by dask-partition and multi-node for item loops.
 */
import type { SyntaxNode } from '@lezer/common';

import type { ILoop } from '../../analysis/types';
import { USABLE_CORES, blocks, dedent, indent } from '../../templates/cells';
import { callParts, loopHeader } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import type { IParsed } from '../../analysis/syntax';
import {
  bodyOf,
  children,
  lineOf,
  replaceLines,
  statementAt,
  textOf,
  topStatements
} from '../../analysis/syntax';
import { isTargetLoop } from '../../templates/target';
import type { ITemplateContext } from '../../templates/types';
import type { PoolLibrary } from '../../contracts/settings';

/** A top-level loop read as "apply one function to every item and collect the results". */
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

/** Reads the cell's first top-level loop that maps items to results, or null. */
export function itemLoop(ctx: ITemplateContext): IItemLoop | null {
  const parsed = ctx.parsed;
  for (const loop of ctx.analysis.loops) {
    if (
      loop.kind !== 'for' ||
      loop.inFunction !== null ||
      loop.depth !== 0 ||
      !loop.independent ||
      !isTargetLoop(ctx, loop)
    ) {
      continue;
    }
    const node = statementAt(parsed, loop.line);
    const found =
      node && node.name === 'ForStatement'
        ? fromNode(parsed, node, loop)
        : null;
    if (found) {
      return found;
    }
  }
  return null;
}

function fromNode(
  parsed: IParsed,
  node: SyntaxNode,
  loop: ILoop
): IItemLoop | null {
  const header = loopHeader(parsed, node);
  const body = bodyOf(node);
  const last = body[body.length - 1];
  const collected =
    header && last ? collectedValue(parsed, last, header.targetText) : null;
  if (!header || !collected || !/^[A-Za-z_]\w*$/.test(collected.result)) {
    return null;
  }
  const { value, result, collect } = collected;
  const valueCall = callParts(parsed, value);
  const direct =
    body.length === 1 &&
    valueCall &&
    valueCall.args.length === 1 &&
    textOf(parsed, valueCall.args[0]) === header.targetText &&
    /^[A-Za-z_]\w*$/.test(valueCall.callee);
  const fnName = `${result}_item`;
  return {
    loop,
    items: textOf(parsed, header.iterable),
    fn: direct && valueCall ? valueCall.callee : fnName,
    definition: direct ? '' : itemFunction(parsed, fnName, header, body, value),
    result,
    collect,
    startsEmpty: startsEmpty(parsed, result, node.from)
  };
}

/** What the loop's last statement collects per item, and where: appended, summed or stored
 * under the item (`counts[item] = ...`); null for anything else. */
function collectedValue(
  parsed: IParsed,
  last: SyntaxNode,
  targetText: string
): { value: SyntaxNode; result: string; collect: IItemLoop['collect'] } | null {
  const parts = children(last);
  const call =
    last.name === 'ExpressionStatement' ? callParts(parsed, parts[0]) : null;
  if (call && call.callee.endsWith('.append') && call.args.length === 1) {
    return {
      value: call.args[0],
      result: call.callee.slice(0, -'.append'.length),
      collect: 'append'
    };
  }
  if (
    last.name === 'UpdateStatement' &&
    textOf(parsed, parts[1]) === '+=' &&
    parts[0].name === 'VariableName'
  ) {
    return {
      value: parts[2],
      result: textOf(parsed, parts[0]),
      collect: 'sum'
    };
  }
  if (
    last.name === 'AssignStatement' &&
    parts[0].name === 'MemberExpression' &&
    parts.length === 3
  ) {
    const target = children(parts[0]);
    if (target.length === 4 && textOf(parsed, target[2]) === targetText) {
      return {
        value: parts[2],
        result: textOf(parsed, target[0]),
        collect: 'dict'
      };
    }
  }
  return null;
}

/** The loop body as a function of one item, returning the value the loop collected. */
function itemFunction(
  parsed: IParsed,
  fnName: string,
  header: NonNullable<ReturnType<typeof loopHeader>>,
  body: readonly SyntaxNode[],
  value: SyntaxNode
): string {
  const single = header.targets.length === 1;
  return [
    `def ${fnName}(${single ? header.targetText : 'item'}):`,
    ...(single ? [] : [`    ${header.targetText} = item`]),
    ...body
      .slice(0, -1)
      .map(statement => indent(dedent(textOf(parsed, statement)))),
    `    return ${textOf(parsed, value)}`
  ].join('\n');
}

function startsEmpty(parsed: IParsed, name: string, before: number): boolean {
  return topStatements(parsed).some(statement => {
    const parts = children(statement);
    return (
      statement.to <= before &&
      statement.name === 'AssignStatement' &&
      parts.length === 3 &&
      textOf(parsed, parts[0]) === name &&
      ['[]', '{}', '0', '0.0', 'list()', 'dict()'].includes(
        textOf(parsed, parts[2]).replace(/\s/g, '')
      )
    );
  });
}

/** Python binding `mapped` to the list of results, one per item in order. */
export function mapCall(
  library: PoolLibrary,
  fn: string,
  items: string
): string {
  switch (library) {
    case 'joblib':
      return [
        'from joblib import Parallel, delayed',
        '',
        `mapped = Parallel(n_jobs=n_workers)(delayed(${fn})(item) for item in item_list)`
      ].join('\n');
    case 'concurrent.futures':
      return [
        'import multiprocessing',
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        '# "fork" lets the workers use functions defined in this notebook (Linux; elsewhere, put them in a module).',
        'context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)',
        'with ProcessPoolExecutor(max_workers=n_workers, mp_context=context) as executor:',
        `    mapped = list(executor.map(${fn}, item_list))`
      ].join('\n');
    default:
      return [
        'from pathos.multiprocessing import ProcessPool',
        '',
        'pool = ProcessPool(nodes=n_workers)',
        'try:',
        `    mapped = pool.map(${fn}, item_list)`,
        'finally:',
        '    pool.close()',
        '    pool.join()',
        '    pool.clear()'
      ].join('\n');
  }
  void items;
}

/** Python storing `mapped` where the loop stored its results. */
export function collectResults(item: IItemLoop): string {
  switch (item.collect) {
    case 'sum':
      return `${item.result} ${item.startsEmpty ? '=' : '+='} sum(mapped)`;
    case 'dict':
      return `${item.result}.update(zip(item_list, mapped))`;
    default:
      return item.startsEmpty
        ? `${item.result} = list(mapped)`
        : `${item.result}.extend(mapped)`;
  }
}

/** The pathos-pool (or joblib / concurrent.futures) rewrite of a cell. */
export function poolRewrite(ctx: ITemplateContext): IRewrite {
  const library = ctx.config.poolLibrary;
  const item = itemLoop(ctx);
  if (!item) {
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
  const replacement = blocks(
    item.definition,
    `item_list = list(${item.items})\nn_workers = max(1, min(_cores, len(item_list)))`,
    mapCall(library, item.fn, item.items),
    collectResults(item)
  );
  const run = replaceLines(
    ctx.source,
    item.loop.line,
    item.loop.endLine,
    replacement
  );
  return {
    summary: `${item.fn} runs on every item of ${item.items} in parallel, one ${library} worker process per usable core; results keep the items' order.`,
    prepare: USABLE_CORES,
    run: run.trimEnd(),
    outputs: defaultOutputs(ctx, [item.result]),
    todo: [],
    cleanup: null
  };
}

/** The first line of a loop, for messages. */
export function loopLine(ctx: ITemplateContext, loop: ILoop): string {
  return ctx.source.split('\n')[loop.line - 1]?.trim() ?? '';
}

void lineOf;

/**
 * A rewrite of a cell, as each rule's template produces it, and how it becomes inserted cells:
 * the template cell (prepare + run), the verify cell, and a note when the user must finish it.
 */
import type { IInsertCell } from '../contracts/advice';
import type { ICellOrigin } from './cells';
import { blocks, comment, insertCell } from './cells';
import type { ITemplateContext } from './types';
import { verifySource } from './verify';
import { parse, topStatements } from '../analysis/syntax';

function endsInExpression(code: string): boolean {
  const statements = topStatements(parse(code));
  return statements[statements.length - 1]?.name === 'ExpressionStatement';
}

/** A rule's rewrite of one cell. */
export interface IRewrite {
  /** One or two sentences for the template cell's header comment. */
  summary: string;
  /** Runs once, untimed: imports, definitions, compilation, starting workers. */
  prepare: string;
  /** Computes what the cell computed, the new way (the verify cell times this part). */
  run: string;
  /** Python expressions the original and the rewrite must agree on. */
  outputs: string[];
  /** What the user must still finish; empty when the rewrite runs as it stands. */
  todo: string[];
  /** Python run after the verify cell's timing (e.g. closing a cluster), or null. */
  cleanup: string | null;
  /** Extra cells to insert after the template cell (e.g. a `%%cython` skeleton). */
  extra?: IInsertCell[];
  /** The results include the files the code writes: the check compares those too, and so has
   * something to compare even when `outputs` is empty (a loop of programs writing files). */
  comparesFiles?: boolean;
  /** The results are what the code prints (a loop that prints a line per item): the check
   * compares the printed text too, and so has something to compare with `outputs` empty. */
  comparesPrinted?: boolean;
}

/** The inserted cells for a rewrite: template, verify, and a note when something is left to do. */
export function rewriteCells(
  origin: ICellOrigin,
  ctx: ITemplateContext,
  rewrite: IRewrite
): IInsertCell[] {
  const header = comment(
    `Optimiser (${origin.rule}): ${rewrite.summary}\n` +
      (rewrite.todo.length > 0
        ? `TO FINISH: ${rewrite.todo.join(' ')}`
        : 'Run this cell, then the check below it.')
  );
  const display = ctx.analysis.lastExpression;
  // A run that ends in an expression shows its own value: the original's expression after it
  // would run the old code again.
  const runEndsWithDisplay =
    display !== null &&
    (rewrite.run.trimEnd().endsWith(display) || endsInExpression(rewrite.run));
  const template = blocks(
    header,
    rewrite.prepare,
    rewrite.run,
    display !== null && !runEndsWithDisplay ? display : null
  );
  const cells = [
    insertCell(origin, 'template', template),
    ...(rewrite.extra ?? [])
  ];
  const files = rewrite.comparesFiles === true && rewrite.todo.length === 0;
  // Code that keeps nothing but prints (its functions return None): what it printed is the result.
  const printed =
    rewrite.todo.length === 0 &&
    (rewrite.comparesPrinted === true ||
      (rewrite.outputs.length === 0 &&
        !files &&
        ctx.analysis.calls.some(call => call.name === 'print')));
  if (rewrite.outputs.length > 0 || files || printed) {
    cells.push(
      insertCell(
        origin,
        'verify',
        verifySource({
          original: ctx.source,
          rewritten: rewrite.run,
          outputs: rewrite.outputs,
          mutated: mutatedFreeNames(ctx),
          sideEffects: sideEffects(ctx),
          files: files || writesFiles(ctx),
          printed,
          cleanup: rewrite.cleanup
        })
      )
    );
  }
  if (rewrite.todo.length > 0) {
    cells.push(
      insertCell(
        origin,
        'note',
        [
          `**What is left to finish** (${origin.rule}): the code above runs, but the optimiser could not rewrite all of this cell.`,
          '',
          ...rewrite.todo.map(item => `- ${item}`)
        ].join('\n')
      )
    );
  }
  return cells;
}

/** Names the cell changes in place without assigning them itself (defined in other cells). */
export function mutatedFreeNames(ctx: ITemplateContext): string[] {
  const free = new Set(ctx.analysis.freeNames);
  const out: string[] = [];
  for (const loop of ctx.analysis.loops) {
    for (const name of [...loop.appends, ...loop.accumulators]) {
      if (free.has(name) && !out.includes(name)) {
        out.push(name);
      }
    }
  }
  return out;
}

/** Side effects of re-running the original that the analysis can see. */
export function sideEffects(ctx: ITemplateContext): string[] {
  const out: string[] = [];
  const mutated = mutatedFreeNames(ctx);
  if (mutated.length > 0) {
    out.push(
      `the original changes ${mutated.join(', ')} from other cells in place; the check runs it on copies.`
    );
  }
  if (ctx.analysis.subprocessLines.length > 0) {
    out.push(
      `the original starts external programs (line ${ctx.analysis.subprocessLines.join(', ')}); the check runs them again.`
    );
  }
  const writes = fileWrites(ctx);
  if (writes.length > 0) {
    out.push(
      `the original writes files (line ${writes.map(call => call.line).join(', ')}); the check writes them again.`
    );
  }
  return out;
}

/** Calls that write, move or delete files. */
function fileWrites(ctx: ITemplateContext) {
  return ctx.analysis.calls.filter(
    call =>
      /(^|\.)(to_csv|to_parquet|to_hdf|savefig|save|savez|savetxt|write|dump|mkdir|remove|unlink)$/.test(
        call.name
      ) ||
      (call.name === 'open' &&
        call.args.slice(1).some(arg => /["'][wax+]/.test(arg)))
  );
}

/** Whether re-running the original can change files: it starts programs or writes files. Each
 * side of the check then runs in its own copy of the working directory. */
export function writesFiles(ctx: ITemplateContext): boolean {
  return ctx.analysis.subprocessLines.length > 0 || fileWrites(ctx).length > 0;
}

/** What both versions must agree on when a template has nothing more specific: changed names. */
export function defaultOutputs(
  ctx: ITemplateContext,
  names: readonly string[]
): string[] {
  const out = [...names];
  const last = ctx.analysis.lastExpression;
  if (last !== null && !out.includes(last)) {
    out.push(last);
  }
  return out;
}

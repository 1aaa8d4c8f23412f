/**
 * What the compiled functions of a numba-jit rewrite carry: safe decorator options (nothing that
 * can change a result unless the user opts in), a compile call only when the argument types are
 * known before the cell runs, and the notebook's functions the hot code calls, compiled too
 * (Numba cannot call a plain Python function: "Untyped global name").
 */
import type { ICall, IFunctionDef } from '../../analysis/types';
import type { SyntaxNode } from '@lezer/common';

import type { IEdit, IParsed } from '../../analysis/syntax';
import {
  callArguments,
  children,
  descendants,
  lineOf,
  namesIn,
  SourceText,
  textOf,
  walk
} from '../../analysis/syntax';
import { dedent } from '../../templates/cells';
import type { ITemplateContext } from '../../templates/types';

/** `source` with `@numba.njit(...)` and comments that say why each option is or is not there. */
export function decorated(source: string, parallel: boolean): string {
  const options = ['cache=True', ...(parallel ? ['parallel=True'] : [])];
  const comments = [
    parallel
      ? '# parallel=True + numba.prange: the iterations are independent, so they run on all cores.'
      : '# No prange: each iteration needs the one before, so the loop stays sequential.',
    '# Option: fastmath=True lets LLVM reorder float sums and use approximate maths. It can change',
    '# results (even integer counts that depend on a float test), so add it only if the check still says equal=True.'
  ];
  return `${comments.join('\n')}\n@numba.njit(${options.join(', ')})\n${constantRaises(source.trimEnd())}`;
}

/** A raise whose message is formatted (`'%s' % n`, `.format`, an f-string) on one line. */
const FORMATTED_RAISE =
  /^(\s*)raise\s+([\w.]+)\((.*(?:%|\.format\(|\bf["']).*)\)\s*(#.*)?$/u;

/**
 * Numba's nopython mode cannot format strings, so a function that raises a formatted message
 * does not compile at all: the message becomes the constant text of its expression (the error
 * and where it is raised stay the same; the value is no longer in it).
 */
export function constantRaises(source: string): string {
  return source
    .split('\n')
    .map(line => {
      const match = FORMATTED_RAISE.exec(line);
      return match
        ? `${match[1]}raise ${match[2]}(${JSON.stringify(match[3].trim())})  # Numba raises constant messages only`
        : line;
    })
    .join('\n');
}

/**
 * The cell's own `g = jit(f)` / `numba.njit(f)` of a function the template compiled: Numba
 * refuses to compile a compiled function again ("A jit decorator was called on an already
 * jitted function"), so the name is bound to the compiled function itself.
 */
export function withoutRecompiles(
  run: string,
  names: readonly string[]
): { run: string; bound: string[] } {
  const bound: string[] = [];
  const lines = run.split('\n').map(line => {
    const match =
      /^(\s*)(\w+)\s*=\s*(?:numba\.)?n?jit\(\s*(\w+)\s*(?:,[^)]*)?\)\s*$/u.exec(
        line
      );
    if (!match || !names.includes(match[3])) {
      return line;
    }
    bound.push(match[2]);
    return `${match[1]}${match[2]} = ${match[3]}  # compiled above already`;
  });
  return { run: lines.join('\n'), bound };
}

export const FIRST_CALL_COMPILES =
  '# The first call compiles (a second or so); the check below leaves it out of its timing.';

/**
 * A `fn.compile(...)` statement for the argument types of `call`, or a comment when they cannot
 * be known before the cell runs: a parameter left to its default (a signature with fewer types
 * than parameters fails), keywords, or arguments the cell itself computes.
 */
export function precompile(
  ctx: ITemplateContext,
  fn: IFunctionDef,
  call: ICall | undefined
): string {
  const known = new Set(ctx.analysis.freeNames);
  const ready =
    call !== undefined &&
    call.args.length > 0 &&
    call.args.length === fn.params.length &&
    !/[*]/.test(fn.source.slice(0, fn.source.indexOf(')'))) &&
    argumentNames(ctx, call)?.every(
      (names, i) =>
        !/^\*|^\w+\s*=[^=]/.test(call.args[i]) &&
        names.every(name => known.has(name))
    ) === true;
  return ready
    ? `# Compile once for these argument types, before anything is timed.\n${fn.name}.compile(tuple(numba.typeof(arg) for arg in (${call.args.join(', ')},)))`
    : FIRST_CALL_COMPILES;
}

/** The names each argument of the cell's `call` reads, from the analysis' tree; null if the call
 * is not found there. */
function argumentNames(ctx: ITemplateContext, call: ICall): string[][] | null {
  const parsed = ctx.parsed;
  let found: SyntaxNode | null = null;
  walk(
    parsed.tree.topNode,
    node => {
      const callee = node.firstChild;
      if (
        callee !== null &&
        textOf(parsed, callee) === call.name &&
        lineOf(parsed.text, node.from) === call.line
      ) {
        found = node;
        return true;
      }
      return false;
    },
    { only: CALLS }
  );
  if (found === null) {
    return null;
  }
  const args = callArguments(found, new SourceText(parsed.text));
  return args.length === call.args.length
    ? args.map(arg => [
        ...new Set(arg.nodes.flatMap(node => namesIn(parsed, node)))
      ])
    : null;
}

const CALLS: ReadonlySet<string> = new Set(['CallExpression']);

/** A function of the notebook by name, with the id of its cell. */
function notebookFunction(
  ctx: ITemplateContext,
  name: string
): { fn: IFunctionDef; cellId: string } | null {
  const own = ctx.analysis.functions.find(f => f.name === name && !f.nested);
  if (own) {
    return { fn: own, cellId: ctx.cellId };
  }
  const home = ctx.notebook?.definitions[name];
  const cell = home ? ctx.notebook?.cells.find(c => c.id === home) : undefined;
  const fn = cell?.analysis.functions.find(f => f.name === name && !f.nested);
  return fn && home ? { fn, cellId: home } : null;
}

/** The notebook's plain functions that `calls` reach (helpers of helpers too), callees first. */
export function helperFunctions(
  ctx: ITemplateContext,
  calls: readonly string[],
  skip: readonly string[]
): { fn: IFunctionDef; cellId: string }[] {
  const out: { fn: IFunctionDef; cellId: string }[] = [];
  const seen = new Set(skip);
  const visit = (name: string, depth: number): void => {
    const found = seen.has(name) ? null : notebookFunction(ctx, name);
    seen.add(name);
    if (!found || found.fn.decorators.length > 0 || depth > 3) {
      return;
    }
    found.fn.calls.forEach(inner => visit(inner, depth + 1));
    out.push(found);
  };
  calls.forEach(name => visit(name, 0));
  return out;
}

/** The helpers' compiled definitions, callees first. */
export function compiledHelpers(
  helpers: readonly { fn: IFunctionDef }[]
): string {
  return helpers
    .map(
      ({ fn }) =>
        `# ${fn.name} is called by the compiled code, so it is compiled too.\n` +
        `@numba.njit(cache=True)\n${constantRaises(dedent(fn.source).trimEnd())}`
    )
    .join('\n\n');
}

/** Reductions Numba compiles over a list but not over a generator. */
const REDUCTIONS = new Set(['sum', 'min', 'max']);

/**
 * Edits that make each `sum(<generator>)`, `min(...)`, `max(...)` under `node` reduce a list
 * comprehension instead: Numba compiles a generator expression as a closure that yields, which
 * it refuses ("The use of yield in a closure is unsupported"), and compiles the comprehension.
 * The same values, in the same order; the list is built first.
 */
export function listReductions(parsed: IParsed, node: SyntaxNode): IEdit[] {
  const edits: IEdit[] = [];
  for (const call of descendants(node)) {
    const [callee, args] = children(call);
    if (
      call.name !== 'CallExpression' ||
      callee?.name !== 'VariableName' ||
      !REDUCTIONS.has(textOf(parsed, callee)) ||
      args?.name !== 'ArgList'
    ) {
      continue;
    }
    const parts = children(args);
    if (parts.some(part => part.name === 'for')) {
      // sum(x for x in xs): the call's own parentheses hold the generator.
      edits.push({ from: args.from + 1, to: args.from + 1, text: '[' });
      edits.push({ from: args.to - 1, to: args.to - 1, text: ']' });
    } else if (parts[1]?.name === 'ComprehensionExpression') {
      // min((x for x in xs), default=0): a parenthesised generator, its parentheses replaced.
      const inner = parts[1];
      edits.push({ from: inner.from, to: inner.from + 1, text: '[' });
      edits.push({ from: inner.to - 1, to: inner.to, text: ']' });
    }
  }
  return edits;
}

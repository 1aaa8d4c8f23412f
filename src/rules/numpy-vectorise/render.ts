/**
 * numpy-vectorise: element-wise loops and list comprehensions rewritten as array expressions.
 * Loops whose body NumPy cannot express are kept as they are, with a note saying so.
 */
import type { IMessage } from '../../contracts/messages';
import { formatMessage } from '../../contracts/messages';
import type { SyntaxNode } from '@lezer/common';

import type { IArrayIteration } from '../../templates/loops';
import { arrayIteration, loopHeader } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import type { IParsed } from '../../analysis/syntax';
import { indent, indentWidth } from '../../templates/cells';
import type { IEdit } from '../../analysis/syntax';
import {
  applyEdits,
  bodyOf,
  children,
  lineOf,
  textOf,
  topStatements,
  walk
} from '../../analysis/syntax';
import { topLevelCalls } from '../../analysis/callgraph';
import { elementWalks, FEW_ITEMS, WALKING_BUILTINS } from '../../advice/shapes';
import { editSource } from '../../templates/source';
import type { ITemplateContext } from '../../templates/types';
import { vectorise } from '../../templates/vecexpr';
import { numbaRewrite } from '../numba-jit/render';
import { bodyStatement } from './body';
import { callbackRewrite, columnFunctions, moduleAliases } from './callbacks';
import { counterLoop } from './counter';
import { fromiterEdits } from './fromiter';
import { gridLoop } from './grid';
import { cumulative, recurrence } from './recurrence';

/** The result of vectorising a cell's code. */
export interface IVectorised {
  /** The cell's code with its loops replaced by array code. */
  code: string;
  /** Names whose values the rewritten statements produce. */
  changed: string[];
  /** Loops left as they were, with the reason. */
  kept: { line: number; reason: string }[];
  /** Functions whose bodies were rewritten (their loops work on whole arrays now). */
  functions: string[];
}

/** True when the rewrite changed anything: a statement at the top level or a function's body. */
export function rewroteAny(
  result: Pick<IVectorised, 'changed' | 'functions'>
): boolean {
  return result.changed.length > 0 || result.functions.length > 0;
}

/** Names bound to the math module in this cell or, by default, `math`. */
export function mathNames(ctx: ITemplateContext): Set<string> {
  return moduleAliases(ctx, 'math');
}

/** A block's rewrite, as edits in offsets of the analysis' parsed text. */
interface IBlockRewrite extends Omit<IVectorised, 'code'> {
  edits: IEdit[];
}

/** The cell's loops and comprehensions as NumPy code: those at the top level and those in the
 * bodies of the functions it defines, read from the analysis' own tree. */
export function vectoriseCell(ctx: ITemplateContext): IVectorised {
  const block = vectoriseBlock(ctx, topStatements(ctx.parsed), 0);
  return withCode(
    block,
    editSource(ctx, 0, ctx.parsed.text.length, block.edits)
  );
}

/** One top-level statement of the cell (a loop) as NumPy code, on its own. */
export function vectoriseStatement(
  ctx: ITemplateContext,
  node: SyntaxNode
): IVectorised {
  const block = vectoriseBlock(ctx, [node], 0);
  return withCode(block, editSource(ctx, node.from, node.to, block.edits));
}

function withCode(block: IBlockRewrite, code: string): IVectorised {
  const { changed, kept, functions } = block;
  return { code, changed, kept, functions };
}

/**
 * Rewrites a block's statements. `cut` is the indentation its caller removes from every line of
 * the block (a function body's), so generated lines get it too and end up at the body's level.
 */
function vectoriseBlock(
  ctx: ITemplateContext,
  statements: readonly SyntaxNode[],
  cut: number
): IBlockRewrite {
  const parsed = ctx.parsed;
  const state: IBlockState = {
    arrays: new Set<string>(),
    emptyLists: new Set<string>(),
    maths: mathNames(ctx),
    randoms: moduleAliases(ctx, 'random')
  };
  const result: IBlockRewrite = {
    edits: [],
    changed: [],
    kept: [],
    functions: []
  };
  for (const statement of statements) {
    const assigned = simpleAssignment(parsed, statement);
    if (
      assigned &&
      assigned.value.name === 'ArrayExpression' &&
      children(assigned.value).length === 2
    ) {
      state.emptyLists.add(assigned.target);
    }
    // Only at the top level: in a function the names are its parameters, whatever the probe
    // found bound to the same names outside it.
    if (cut === 0 && fewItems(ctx, statement)) {
      continue;
    }
    const replacement =
      statement.name === 'FunctionDefinition' ||
      statement.name === 'ClassDefinition'
        ? functionStatement(ctx, statement, result)
        : statement.name === 'ForStatement' ||
            statement.name === 'WhileStatement'
          ? loopStatement(ctx, statement, state, result, cut)
          : shifted(blockStatement(ctx, assigned, state, result), cut);
    if (replacement !== null) {
      const text = textOf(parsed, statement);
      result.edits.push({
        from: statement.from,
        to: statement.to,
        text: replacement + text.slice(text.trimEnd().length)
      });
    }
  }
  return result;
}

/** What a block's statements so far tell the next: arrays made, lists started empty. */
interface IBlockState {
  arrays: Set<string>;
  emptyLists: Set<string>;
  maths: ReadonlySet<string>;
  randoms: ReadonlySet<string>;
}

/** A function (or a class, its methods) with its body vectorised, or null when nothing in it was. */
function functionStatement(
  ctx: ITemplateContext,
  statement: SyntaxNode,
  result: IBlockRewrite
): string | null {
  const inner = compoundBody(ctx, statement);
  result.kept.push(...inner.kept);
  if (inner.code === null) {
    return null;
  }
  // A class is no function: its methods are.
  result.functions.push(
    ...(statement.name === 'ClassDefinition' ? [] : [inner.name]),
    ...inner.functions
  );
  return inner.code;
}

/**
 * A single loop over fewer than FEW_ITEMS items (a comprehension over the 7 values of a literal
 * list): not where the time is, and rewriting it only changes its type and adds a check of a slow
 * cell for nothing (ds-realpython-count-elements: the check ran past its time).
 */
function fewItems(ctx: ITemplateContext, statement: SyntaxNode): boolean {
  const first = lineOf(ctx.parsed.text, statement.from);
  const last = lineOf(ctx.parsed.text, statement.to);
  const inside = ctx.analysis.loops.filter(
    loop => loop.line >= first && loop.line <= last
  );
  if (inside.length !== 1 || inside[0].inFunction !== null) {
    return false; // a nest, or a function's loop: its names are the function's own
  }
  const iterable = inside[0].iterable;
  const variables = ctx.facts?.variables ?? {};
  const counts = [
    iterable?.count,
    ...(iterable?.sequences ?? []).flatMap(name => [
      ctx.analysis.lengths[name],
      Object.prototype.hasOwnProperty.call(variables, name)
        ? (variables[name].len ?? variables[name].shape?.[0])
        : undefined
    ])
  ].filter((n): n is number => n !== undefined && Number.isFinite(n));
  return counts.length > 0 && counts[0] < FEW_ITEMS;
}

/**
 * A loop as array code; else the loop kept with the loops inside it as array code (a time step
 * over a grid: each step's work done on whole arrays); else null, the reason noted.
 */
function loopStatement(
  ctx: ITemplateContext,
  statement: SyntaxNode,
  state: IBlockState,
  result: IBlockRewrite,
  cut: number
): string | null {
  const parsed = ctx.parsed;
  const loop =
    statement.name === 'ForStatement'
      ? forLoop(parsed, statement, state)
      : null;
  const taken = (made: { code: string; names: string[] }): string | null => {
    made.names.forEach(name => state.arrays.add(name));
    result.changed.push(
      ...made.names.filter(name => !result.changed.includes(name))
    );
    return shifted(made.code, cut);
  };
  if (loop !== null && typeof loop !== 'string') {
    return taken(loop);
  }
  const inner = compoundBody(ctx, statement);
  if (inner.code !== null) {
    result.kept.push(...inner.kept);
    result.functions.push(...inner.functions);
    result.changed.push(
      ...inner.changed.filter(name => !result.changed.includes(name))
    );
    return inner.code;
  }
  // Last: every pair of two loops at once (memory for the whole grid, so only when the loops
  // cannot be rewritten one inside the other).
  const grid =
    loop !== null
      ? gridLoop(parsed, statement, columnFunctions(ctx).name)
      : null;
  if (grid !== null) {
    return taken(grid);
  }
  if (loop !== null) {
    result.kept.push({
      line: lineOf(parsed.text, statement.from),
      reason: loop
    });
  }
  return null;
}

/** A list comprehension assigned to a name as array code, or null. */
function blockStatement(
  ctx: ITemplateContext,
  assigned: IAssignment | null,
  state: IBlockState,
  result: IBlockRewrite
): string | null {
  const parsed = ctx.parsed;
  if (assigned?.value.name !== 'ArrayComprehensionExpression') {
    return null;
  }
  const header = loopHeader(parsed, assigned.value);
  const iteration =
    header && !header.filtered && header.element
      ? arrayIteration(parsed, header, state.arrays, state.maths, state.randoms)
      : null;
  const expr =
    iteration && header?.element
      ? vectorise(iteration.scope, header.element)
      : null;
  if (!iteration || !expr || expr === textOf(parsed, header!.element!)) {
    return null;
  }
  state.arrays.add(assigned.target);
  result.changed.push(assigned.target);
  return withHoisted(iteration, `${assigned.target} = ${expr}`);
}

/** Generated code placed `cut` columns in: every line after the first gets the indentation. */
function shifted(code: string | null, cut: number): string | null {
  return code === null || cut === 0
    ? code
    : code.split('\n').join(`\n${' '.repeat(cut)}`);
}

/** A function definition or a loop with the loops in its body vectorised (null code when none
 * could be, or the body shares the header's line). */
function compoundBody(
  ctx: ITemplateContext,
  node: SyntaxNode
): {
  name: string;
  code: string | null;
  kept: IVectorised['kept'];
  functions: string[];
  changed: string[];
} {
  const parsed = ctx.parsed;
  const name = textOf(parsed, node.getChild('VariableName') ?? node);
  const statements = bodyOf(node);
  const none = { name, code: null, kept: [], functions: [], changed: [] };
  if (
    statements.length === 0 ||
    lineOf(parsed.text, statements[0].from) === lineOf(parsed.text, node.from)
  ) {
    return none;
  }
  const bodyStart = parsed.text.lastIndexOf('\n', statements[0].from) + 1;
  const pad = parsed.text.slice(bodyStart, statements[0].from);
  // The body is rewritten as if dedented, then indented back to its own level.
  const cut = indentWidth(parsed.text.slice(bodyStart, node.to));
  const inner = vectoriseBlock(ctx, statements, cut);
  if (!rewroteAny(inner)) {
    return { ...none, kept: inner.kept };
  }
  const body = applyEdits(parsed.text, bodyStart, node.to, inner.edits)
    .split('\n')
    .map(line => line.slice(cut))
    .join('\n');
  return {
    name,
    code:
      parsed.text.slice(node.from, bodyStart) +
      indent(body.trimEnd(), pad.length),
    kept: inner.kept,
    functions: inner.functions,
    changed: inner.changed
  };
}

/** What the original and a vectorised cell must agree on: the names the rewritten statements
 * produce and what the cell assigns from calls to rewritten functions; none if nothing changed. */
export function vectorisedOutputs(
  ctx: ITemplateContext,
  result: IVectorised
): string[] {
  if (!rewroteAny(result) && !NUMBA_CANNOT.test(ctx.source)) {
    return [];
  }
  // A function that calls a rewritten one runs rewritten code too (harris -> xsten).
  const defs = new Map(ctx.analysis.functions.map(fn => [fn.name, fn]));
  const runsRewritten = (name: string, seen = new Set<string>()): boolean => {
    if (result.functions.includes(name)) {
      return true;
    }
    if (seen.has(name)) {
      return false;
    }
    seen.add(name);
    return (defs.get(name)?.calls ?? []).some(callee =>
      runsRewritten(callee, seen)
    );
  };
  // Only calls at the top level (inside a function, what a call is assigned to is a local):
  // what they assign or, when the result is dropped, the names they pass (lap2d(u, unew) fills
  // unew in place).
  const fromCalls = topLevelCalls(ctx.analysis)
    .filter(call => runsRewritten(call.name))
    .flatMap(call =>
      call.assignedTo.length > 0
        ? call.assignedTo
        : call.args.filter(arg => /^[A-Za-z_]\w*$/.test(arg))
    );
  return defaultOutputs(ctx, [...new Set([...result.changed, ...fromCalls])]);
}

/** Code Numba's nopython mode cannot compile: pandas rows and frames, imports or `global` inside
 * a function, objects of the user's classes. There the note stays, rather than a compiled
 * version that fails on its first call (field corpus: itertuples, groupby().apply, STORE_GLOBAL). */
const NUMBA_CANNOT =
  /\.(itertuples|iterrows|iloc|loc|apply|groupby)\b|\bDataFrame\b|^[ \t]+(global|import|from)\s|^class\s/m;

/**
 * Built-ins called on NumPy arrays (`sum(big_array)`) replaced by NumPy's own (`np.sum`); `sorted`
 * gives a list, so `np.sort(...).tolist()` keeps the result's type.
 */
function walkRewrite(ctx: ITemplateContext): IVectorised | null {
  const walks = elementWalks(ctx.analysis, ctx.facts?.variables ?? {});
  if (walks.length === 0) {
    return null;
  }
  const parsed = ctx.parsed;
  const edits: IEdit[] = [];
  walk(
    parsed.tree.topNode,
    node => {
      const [callee, argList] = children(node);
      const builtin = callee ? textOf(parsed, callee) : '';
      const line = lineOf(parsed.text, node.from);
      const found = walks.find(
        w =>
          w.line === line &&
          w.builtin === builtin &&
          argList !== undefined &&
          textOf(parsed, argList).slice(1, -1).trim() === w.array
      );
      if (!found || callee?.name !== 'VariableName') {
        return;
      }
      edits.push({
        from: callee.from,
        to: callee.to,
        text: WALKING_BUILTINS[builtin]
      });
      if (builtin === 'sorted') {
        edits.push({ from: node.to, to: node.to, text: '.tolist()' });
      }
    },
    { only: new Set(['CallExpression']) }
  );
  if (edits.length === 0) {
    return null;
  }
  const changed = ctx.analysis.calls
    .filter(call => walks.some(w => w.line === call.line))
    .flatMap(call => call.assignedTo);
  return {
    code: editSource(ctx, 0, parsed.text.length, edits),
    changed: [...new Set(changed)],
    kept: [],
    functions: []
  };
}

/** The lines of this cell the row finding names. */
function rowLines(ctx: ITemplateContext): number[] {
  return ctx.finding.evidence
    .filter(item => item.text.id === 'numpy-vectorise.row-loop')
    .flatMap(item => (item.line === undefined ? [] : [item.line]));
}

/** The lines the row finding names ("line 3", "line 19 of cell 1"), from its evidence. */
function rowLinesText(ctx: ITemplateContext): string {
  const rows = ctx.finding.evidence.filter(
    item =>
      item.text.id === 'numpy-vectorise.row-loop' ||
      item.text.id === 'numpy-vectorise.row-loop-in'
  );
  const text = rows
    .map(item =>
      item.line !== undefined
        ? `line ${item.line}`
        : formatMessage(item.text.params.lines as IMessage)
    )
    .join(', ');
  return text === '' ? 'the hot lines' : text;
}

/** The numpy-vectorise rewrite of a cell. */
export function numpyRewrite(ctx: ITemplateContext): IRewrite {
  // Whole-cell edits that leave nothing to finish: a rewrite of the cell as it is, bar those calls.
  const edited = (
    summary: string,
    rewrite: { code: string; changed: string[]; definitions?: string[] }
  ): IRewrite => ({
    summary,
    prepare: [
      /\bpd\./.test(rewrite.code)
        ? 'import numpy as np\nimport pandas as pd'
        : 'import numpy as np',
      ...(rewrite.definitions ?? [])
    ].join('\n\n'),
    run: rewrite.code.trimEnd(),
    outputs: defaultOutputs(ctx, rewrite.changed),
    todo: [],
    cleanup: null
  });
  const filled = fromiterEdits(ctx.parsed, new Set(), mathNames(ctx));
  if (filled.edits.length > 0) {
    return edited(
      "np.fromiter filled the array one element at a time from a Python generator; the generator's expression on the whole arrays is the same array, computed in compiled code.",
      {
        code: editSource(ctx, 0, ctx.parsed.text.length, filled.edits),
        changed: filled.changed
      }
    );
  }
  const walked = walkRewrite(ctx);
  if (walked !== null) {
    return edited(
      "the built-ins that walked NumPy arrays element by element are NumPy's own functions, computed in compiled code.",
      walked
    );
  }
  const rows = ctx.finding.title.id === 'numpy-vectorise.title-rows';
  const rowLineNumbers = rowLines(ctx);
  const columns =
    rowLineNumbers.length > 0 ? callbackRewrite(ctx, rowLineNumbers) : null;
  if (columns !== null) {
    return edited(
      columns.definitions.length > 0
        ? `pandas' calls of a Python function on each row or element are one call of its column version (${columns.definitions.map(code => /^def (\w+)/.exec(code)?.[1]).join(', ')}, defined here), which works on whole columns in compiled code.`
        : 'the pandas code that ran Python once per element or row is whole-column code, computed in compiled code.',
      columns
    );
  }
  const result = vectoriseCell(ctx);
  const todo = result.kept.map(
    item => `The loop on line ${item.line} is unchanged: ${item.reason}`
  );
  // A rewrite that gives back the cell as it was rewrote nothing, whatever it counted.
  const rewrote =
    rewroteAny(result) && result.code.trim() !== ctx.source.trim();
  if (!rewrote) {
    todo.push(
      rows
        ? `The pandas code on ${rowLinesText(ctx)} runs Python once per row, element or group: write it as whole-column operations (\`.str\` methods for text, arithmetic on columns, \`np.where\` for if/else, \`groupby(...).transform("sum")\` for per-group values), then run the verify cell to compare the results.`
        : 'No loop in this cell has an element-wise body NumPy can express as it stands; rewrite the loop body with array operations (np.where for if/else, slices for neighbours).'
    );
  }
  if (!rewrote && !NUMBA_CANNOT.test(ctx.source)) {
    // The lesson's chain: "if that is impractical, then look into using Numba".
    const compiled = numbaRewrite(ctx);
    if (compiled.todo.length === 0) {
      return {
        ...compiled,
        summary: `NumPy cannot express this loop as it stands (${todo[0].replace(/^The loop on line \d+ is unchanged: /, '').replace(/\.$/, '')}), so, as the lesson says next, Numba compiles it: ${compiled.summary}`
      };
    }
  }
  const listNames = result.changed.filter(name =>
    ctx.analysis.loops.some(loop => loop.appends.includes(name))
  );
  const fns = result.functions;
  if (!rewrote) {
    return {
      summary: rows
        ? 'the pandas code that runs Python per row, element or group is yours to rewrite as column operations (below).'
        : 'no loop of this cell could be rewritten with NumPy as it stands.',
      prepare: 'import numpy as np',
      run: ctx.source.trimEnd(),
      outputs: [],
      todo,
      cleanup: null
    };
  }
  return {
    summary:
      'the loops are rewritten as NumPy array expressions, computed in compiled code.' +
      (listNames.length > 0
        ? ` ${listNames.join(', ')} ${listNames.length === 1 ? 'is now a NumPy array (call .tolist() if you need a list)' : 'are now NumPy arrays (call .tolist() if you need lists)'}.`
        : '') +
      (fns.length > 0
        ? ` ${fns.join(', ')} now ${fns.length === 1 ? 'works' : 'work'} on whole arrays: lists built in ${fns.length === 1 ? 'its' : 'their'} loops are NumPy arrays.`
        : ''),
    prepare: ['import numpy as np', ...columnFunctions(ctx).used()].join(
      '\n\n'
    ),
    run: result.code.trimEnd(),
    outputs: vectorisedOutputs(ctx, result),
    todo,
    cleanup: null
  };
}

interface IAssignment {
  target: string;
  value: SyntaxNode;
}

function simpleAssignment(
  parsed: IParsed,
  node: SyntaxNode
): IAssignment | null {
  if (node.name !== 'AssignStatement') {
    return null;
  }
  const parts = children(node);
  if (
    parts.length !== 3 ||
    parts[0].name !== 'VariableName' ||
    parts[1].name !== 'AssignOp'
  ) {
    return null;
  }
  return { target: textOf(parsed, parts[0]), value: parts[2] };
}

function withHoisted(iteration: IArrayIteration, code: string): string {
  const used = iteration.hoisted.filter(line => {
    const name = line.split(' = ')[0];
    return (
      code.includes(name) ||
      iteration.hoisted.some(other => other !== line && other.includes(name))
    );
  });
  return [...used, code].join('\n');
}

/** A for loop as array statements, or the reason it cannot be one. */
function forLoop(
  parsed: IParsed,
  node: SyntaxNode,
  state: IBlockState
): { code: string; names: string[] } | string {
  const header = loopHeader(parsed, node);
  const counter = header ? counterLoop(parsed, node, header) : null;
  if (counter !== null) {
    return counter;
  }
  const iteration = header
    ? arrayIteration(parsed, header, state.arrays, state.maths, state.randoms)
    : null;
  if (!header || !iteration) {
    return 'it does not run over a range, a sequence, enumerate() or zip() of sequences.';
  }
  const carried = recurrence(parsed, node, iteration);
  if (carried !== null) {
    const running = cumulative(parsed, node, iteration);
    return running === null
      ? carried
      : {
          code: `# was: for ${header.targetText} in ${textOf(parsed, header.iterable)}: ... (a running ${running.op === '+' ? 'sum' : 'product'})\n${withHoisted(iteration, running.code)}`,
          names: [running.name]
        };
  }
  const lines: string[] = [];
  const names: string[] = [];
  for (const statement of bodyOf(node)) {
    const line = bodyStatement(parsed, statement, iteration, state.emptyLists);
    if (line === null || typeof line === 'string') {
      return `line ${lineOf(parsed.text, statement.from)} (${textOf(parsed, statement).split('\n')[0]}) ${line ?? 'has no NumPy equivalent here.'}`;
    }
    lines.push(line.code);
    if (line.name) {
      names.push(line.name);
    }
  }
  if (lines.length === 0) {
    return 'its body is empty.';
  }
  const code = withHoisted(iteration, lines.join('\n'));
  return {
    code: `# was: for ${header.targetText} in ${textOf(parsed, header.iterable)}: ...\n${code}`,
    names: [...new Set(names)]
  };
}

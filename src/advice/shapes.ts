/**
 * The shapes of loop the lesson tells apart: numeric loops that map to arrays (NumPy), numeric
 * loops that do not (Numba), and loops over independent work items (Pathos, GNU Parallel).
 * Shared by the rules so that two rules never claim the same loop for different reasons.
 */
import type { ICellLine, IFunctionRef } from '../analysis/callgraph';
import { cellById, findFunction } from '../analysis/callgraph';
import type { ICellAnalysis, INotebookAnalysis } from '../analysis/types';
import type { IVariableFacts } from '../contracts/facts';
import type { ICodeShape } from '../diagnosis';
import type { IWork, IWorkLoop } from './work';
import type { IMessage } from '../contracts/messages';
import { listParam, message } from '../contracts/messages';
import { code } from './words';

/** Fewer items than this, with no loop inside, is not where a cell spends seconds. */
export const FEW_ITEMS = 100;

/**
 * Arithmetic on numbers, or elements compared and moved by index (a sort, a state machine over an
 * array); no strings, dicts, external programs or compiled code in the way.
 */
export function isNumericLoop(w: IWorkLoop): boolean {
  const e = w.effective;
  const elementWork = w.loop.elementIndexing.length > 0 && e.branches;
  return (
    (e.arithmetic || e.mathCalls.length > 0 || elementWork) &&
    (!e.stringOrDictWork || isCountingLoop(w)) &&
    !e.subprocess &&
    !e.compiled &&
    !e.callsLoopingFunction &&
    w.loop.iterable?.kind !== 'files'
  );
}

/**
 * Why a numeric loop has no array expression, or null when it maps to arrays. Reductions
 * (`m = max(m, ...)`), running sums (`b[i] = b[i-1] + ...`) and per-element `if`/`else` that does
 * not leave the loop have standard NumPy forms (`max`, `cumsum`, masks, `np.where`).
 */
export function whyNotArrays(w: IWorkLoop): IMessage | null {
  const loop = w.loop;
  const carried = trulyCarried(w);
  if (carried.length > 0) {
    return message('shape.carried', {
      names: listParam(carried.map(code))
    });
  }
  const stateful = w.reached.filter(ref => ref.def.updatesState);
  if (stateful.length > 0) {
    return message('shape.stateful', {
      names: listParam(stateful.map(ref => code(ref.name)))
    });
  }
  if (w.effective.recursion) {
    return message('shape.recursive');
  }
  if (loop.kind === 'while') {
    return message('shape.while');
  }
  if (w.effective.branches && leavesEarly(w)) {
    return message('shape.leaves-early');
  }
  return null;
}

/** `break`, `continue`, `return` or an inner `while`: the steps depend on the values. */
const EARLY_EXIT = /\b(break|continue|return|while)\b/;

/** True when the loop (or a function it calls) stops or skips depending on what it computes. */
function leavesEarly(w: IWorkLoop): boolean {
  // Without the loop's text, any branch counts, as the syntax facts alone cannot tell.
  const own =
    w.text === ''
      ? w.loop.branches
      : EARLY_EXIT.test(w.text) && !(isSearch(w.text) && searchesAlone(w));
  return (
    own ||
    w.reached.some(ref => /\b(break|continue|while)\b/.test(ref.def.source))
  );
}

/**
 * A search: the body is one `if` that notes what it found (`count += 1`, `found = x`) and
 * breaks, which is `np.any`/`np.argmax` of the condition over the elements (or `in`).
 */
const SEARCH =
  /^[ \t]*for\b[^\n]*:[ \t]*\n[ \t]+if\b[^\n]*:[ \t]*\n(?:[ \t]+\w+[ \t]*[-+]?=[^=\n][^\n]*\n)*[ \t]+break[ \t]*\n?$/;

/**
 * The loops around a search neither run on until something happens (`while`) nor carry state:
 * each search stands alone (rougier-dart-sampling-rejection searches the points it accepted).
 */
function searchesAlone(w: IWorkLoop): boolean {
  if (w.loop.depth === 0) {
    return true;
  }
  const around = (w.fn?.def.loops ?? []).filter(
    loop =>
      loop.depth < w.loop.depth &&
      loop.line <= w.loop.line &&
      loop.endLine >= w.loop.endLine
  );
  return (
    w.fn !== null &&
    around.every(loop => loop.kind !== 'while' && loop.carried.length === 0)
  );
}

function isSearch(text: string): boolean {
  return SEARCH.test(
    text.replace(/[ \t]*#[^\n]*/g, '').replace(/\n\s*\n/g, '\n')
  );
}

/** Carried names that are not reductions or running sums, which NumPy has forms for. */
function trulyCarried(w: IWorkLoop): string[] {
  const carried = w.loop.carried;
  return carried.filter(
    name => !isReduction(name, w.text, carried.length === 1)
  );
}

function isReduction(name: string, text: string, alone: boolean): boolean {
  const n = name.replace(/[^\w]/g, '');
  const reduce = new RegExp(
    `\\b${n}\\s*=\\s*(max|min|np\\.maximum|np\\.minimum|numpy\\.maximum|numpy\\.minimum)\\(\\s*${n}\\b`
  );
  const running = new RegExp(
    `\\b${n}\\[\\s*(\\w+)\\s*\\]\\s*=\\s*${n}\\[\\s*\\1\\s*-\\s*1\\s*\\]\\s*[-+*]`
  );
  // `total += x` read again later in the iteration (`out.append(total)`): a running sum.
  // Only b[i-1]: b[i-2] too is a recurrence (Fibonacci), not a running sum.
  const further = new RegExp(`\\b${n}\\[\\s*\\w+\\s*-\\s*[2-9]`).test(text);
  // Read again after `+=` (`out.append(total)`): a running sum, when nothing else is carried
  // (`x += v; v -= x` is a coupled recurrence).
  const accumulated =
    alone &&
    new RegExp(`\\b${n}\\s*[-+*]=`).test(text) &&
    !new RegExp(`\\b${n}\\s*=[^=]`).test(text);
  // `if d < best: best = d` is `best = min(best, d)` written with an if (an index kept beside
  // it, `k = i`, makes it an argmin).
  const extreme =
    new RegExp(
      `\\bif\\s+(\\w+)\\s*[<>]=?\\s*${n}\\s*:[^]*?\\b${n}\\s*=\\s*\\1\\s*$`,
      'm'
    ).test(text) ||
    new RegExp(
      `\\bif\\s+${n}\\s*[<>]=?\\s*(\\w+)\\s*:[^]*?\\b${n}\\s*=\\s*\\1\\s*$`,
      'm'
    ).test(text);
  return (
    n !== '' &&
    (reduce.test(text) ||
      (running.test(text) && !further) ||
      accumulated ||
      extreme)
  );
}

/** A loop that counts occurrences in a dict (`counts[x] += 1`): `np.unique(..., return_counts=True)`. */
export function isCountingLoop(w: IWorkLoop): boolean {
  return (
    w.called.length === 0 &&
    /\w+\[[^\]\n]+\]\s*(\+=\s*1\b|=\s*1\b)/.test(w.text) &&
    /\+=\s*1\b|\.get\(/.test(w.text)
  );
}

/** A numeric loop NumPy can replace with whole-array operations. */
export function mapsToArrays(w: IWorkLoop): boolean {
  return isNumericLoop(w) && whyNotArrays(w) === null && !tooFewItems(w);
}

/** A numeric loop that needs a compiler (Numba) because it has no array expression. */
export function needsCompiler(w: IWorkLoop): boolean {
  return isNumericLoop(w) && whyNotArrays(w) !== null && !tooFewItems(w);
}

function tooFewItems(w: IWorkLoop): boolean {
  return w.count !== null && w.count < FEW_ITEMS && w.nested.length === 0;
}

/**
 * A top-level loop whose iterations are independent work items worth a process each: they call
 * a user function, or do string/dict or library work that NumPy cannot take over (as written, or
 * as measured: `measuredHeavy`, the profile found the time in a library call inside the loop,
 * which a star import can hide from the code).
 */
export function isItemLoop(
  w: IWorkLoop,
  inCompiledCode = false,
  measuredHeavy = false
): boolean {
  const e = w.effective;
  const heavy =
    measuredHeavy ||
    w.called.length > 0 ||
    e.stringOrDictWork ||
    e.arrayCalls.length > 0 ||
    e.subprocess;
  return (
    w.loop.depth === 0 &&
    standsAlone(w) &&
    usesItem(w) &&
    !sharesState(w) &&
    w.loop.kind !== 'while' &&
    heavy &&
    // Measured in compiled code, the loop's own arithmetic is not where the time goes.
    (inCompiledCode || (!mapsToArrays(w) && !needsCompiler(w)))
  );
}

/**
 * No iteration needs another's result, or needs only names that follow from its index (`l = l *
 * zoom` at the end of each frame: frame k's `l` is the first one's times zoom**k).
 */
export function standsAlone(w: IWorkLoop): boolean {
  return w.loop.carried.every(name => w.loop.inductions.includes(name));
}

/** From this many known iterations of numeric work the code alone shows seconds of work. */
export const HEAVY_ITERATIONS = 1e6;
/** Nested loops with fewer known iterations than this are not heavy. */
const SMALL_NEST = 1e4;

/**
 * What the code alone shows, for the diagnosis of a cell that has not been measured (and of one
 * measured without a profile): heavy work — a numeric loop nest with a large known trip count, or
 * nested numeric loops reading elements — and whether it loops in Python at all.
 */
export function codeShape(
  work: IWork,
  cell: { id: string; analysis: ICellAnalysis },
  notebook: INotebookAnalysis,
  variables: Readonly<Record<string, IVariableFacts>> = {}
): ICodeShape {
  const analysis = cell.analysis;
  let heavy: ICodeShape['heavy'] = null;
  for (const w of work.loops) {
    const found = heaviness(w);
    if (found && heavy === null) {
      heavy = { reason: found, line: w.loop.line };
    }
  }
  return {
    heavy,
    elementWalks: elementWalks(analysis, variables).map(walk => walk.line),
    callbacks: pandasCallbacks(cell, work, notebook),
    // Python loops, or the notebook's own (uncompiled) functions: interpreter work. Loops inside
    // functions compiled with Numba run as machine code.
    pythonLoops:
      analysis.rowLoops.length > 0 ||
      work.userCalls.some(ref => !work.compiled.includes(ref)) ||
      work.loops.some(
        w =>
          !(w.fn !== null && work.compiled.includes(w.fn)) &&
          (isNumericLoop(w) ||
            w.effective.stringOrDictWork ||
            w.called.length > 0)
      )
  };
}

function heaviness(w: IWorkLoop): 'trip-count' | 'nested-numeric' | null {
  const e = w.effective;
  const numeric =
    (e.arithmetic || e.mathCalls.length > 0) &&
    !e.stringOrDictWork &&
    !e.subprocess &&
    !e.compiled &&
    w.loop.iterable?.kind !== 'files' &&
    w.loop.iterable?.kind !== 'rows';
  if (!numeric) {
    return null;
  }
  const counts = [
    w.count,
    ...w.nested.map(loop => loop.iterable?.count ?? null)
  ];
  const known = counts.filter(
    (n): n is number => n !== null && n !== undefined
  );
  const product = known.reduce((acc, n) => acc * n, 1);
  if (known.length > 0 && product >= HEAVY_ITERATIONS) {
    return 'trip-count';
  }
  const innerReads = w.nested.some(
    loop => loop.elementIndexing.length > 0 && loop.arithmetic
  );
  const small = known.length === counts.length && product < SMALL_NEST;
  return innerReads && !small ? 'nested-numeric' : null;
}

/**
 * The body reads the loop's variable: the iterations work on different items. `for rep in
 * range(5): f(x)` repeats one piece of work (a benchmark, or sweeps over one state).
 */
export function usesItem(w: IWorkLoop): boolean {
  const target = w.loop.target;
  if (target === null || w.text === '' || w.loop.inductions.length > 0) {
    return true;
  }
  const names = target.match(/[A-Za-z_]\w*/g) ?? [];
  // The loop's text without the clause that binds the names (`for i, x in`).
  const rest = w.text.replace(/\bfor\s[^:]*?\bin\b/, ' ');
  return names.some(name => new RegExp(`\\b${name}\\b`).test(rest));
}

/** Calls that update a model or optimiser shared by every iteration (a training loop). */
const SHARED_UPDATES =
  /\.(step|backward|zero_grad|fit|partial_fit|train_on_batch|update|apply_gradients)\(/;

/**
 * Iterations that change shared state through calls — a function declaring `global` or
 * `nonlocal`, or writing into an argument in place, a model's `fit` or an optimiser's `step` —
 * depend on each other (and a process pool would not see the writes), whatever their own
 * variables say.
 */
export function sharesState(w: IWorkLoop): boolean {
  return (
    SHARED_UPDATES.test(w.text) ||
    w.reached.some(
      ref =>
        /\b(global|nonlocal)\b/.test(ref.def.source) ||
        SHARED_UPDATES.test(ref.def.source) ||
        ref.def.params.some(param => mutates(param, ref.def.source))
    )
  );
}

/** `u[1:-1] = ...`, `u[:] = ...`, `out.append(...)` on a parameter: an in-place write. */
function mutates(param: string, source: string): boolean {
  const name = param.replace(/^\*+/, '').split(/[:=]/)[0].trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) {
    return false;
  }
  return new RegExp(
    `\\b${name}\\[[^\\]\\n]*\\]\\s*[-+*/]?=[^=]|\\b${name}\\.(append|extend|update|fill|sort)\\(`
  ).test(source);
}

/** Python's built-ins that walk what they are given one element at a time, and NumPy's own. */
export const WALKING_BUILTINS: Readonly<Record<string, string>> = {
  sum: 'np.sum',
  min: 'np.min',
  max: 'np.max',
  any: 'np.any',
  all: 'np.all',
  sorted: 'np.sort'
};

/** A built-in called on a NumPy array: `sum(big_array)`. */
export interface IElementWalk {
  line: number;
  builtin: string;
  array: string;
}

/**
 * Built-ins called on one NumPy array (`sum(big_array)`, as the probe found the name bound):
 * compiled code, but it makes a Python object of every element and adds them one at a time,
 * which is the interpreter's kind of work, not NumPy's. Not when the cell rebinds the built-in.
 */
export function elementWalks(
  analysis: ICellAnalysis,
  variables: Readonly<Record<string, IVariableFacts>>
): IElementWalk[] {
  const defined = new Set([
    ...analysis.assigned,
    ...analysis.functions.map(fn => fn.name),
    ...analysis.imports.map(item => item.alias)
  ]);
  return analysis.calls
    .filter(
      call =>
        call.name in WALKING_BUILTINS &&
        !defined.has(call.name) &&
        call.args.length === 1 &&
        variables[call.args[0].trim()]?.type === 'ndarray'
    )
    .map(call => ({
      line: call.line,
      builtin: call.name,
      array: call.args[0].trim()
    }));
}

/** pandas methods that call a Python function once per element, row or group. */
const PER_ELEMENT = /\.(apply|map|applymap|transform|agg|aggregate)$/;

/** A line where pandas calls a Python function per element, row or group. */
export interface IPandasCallback extends ICellLine {
  /** The notebook's function it calls; null for a lambda. */
  fn: IFunctionRef | null;
}

/**
 * `.apply(f)` / `.map(f)` / `.transform(f)` with a lambda or a function of the notebook, in the
 * cell and in the functions it reaches (`f_apply(df)` running `df.groupby(k).x.apply(lambda …)`).
 */
export function pandasCallbacks(
  cell: { id: string; analysis: ICellAnalysis },
  work: IWork,
  notebook: INotebookAnalysis
): IPandasCallback[] {
  const places = [
    { cellId: cell.id, analysis: cell.analysis, from: 1, to: Infinity },
    ...work.userCalls
      .filter(ref => ref.cellId !== cell.id)
      .map(ref => ({
        cellId: ref.cellId,
        analysis: cellById(notebook, ref.cellId),
        from: ref.def.line,
        to: ref.def.endLine
      }))
  ];
  const found = new Map<string, IPandasCallback>();
  for (const place of places) {
    for (const call of place.analysis?.calls ?? []) {
      const arg = call.args[0]?.trim() ?? '';
      if (
        call.line < place.from ||
        call.line > place.to ||
        !PER_ELEMENT.test(call.name)
      ) {
        continue;
      }
      const fn = /^\w+$/.test(arg)
        ? findFunction(arg, place.cellId, notebook)
        : null;
      if (fn !== null || arg.startsWith('lambda')) {
        found.set(`${place.cellId}:${call.line}`, {
          cell_id: place.cellId,
          line: call.line,
          fn
        });
      }
    }
  }
  return [...found.values()];
}

/**
 * The shapes of loop the lesson tells apart: numeric loops that map to arrays (NumPy), numeric
 * loops that do not (Numba), and loops over independent work items (Pathos, GNU Parallel).
 * Shared by the rules so that two rules never claim the same loop for different reasons.
 */
import type { IWorkLoop } from './work';
import { code, list } from './words';

/** Fewer items than this, with no loop inside, is not where a cell spends seconds. */
const FEW_ITEMS = 100;

/** Arithmetic on numbers, no strings, dicts, external programs or compiled code in the way. */
export function isNumericLoop(w: IWorkLoop): boolean {
  const e = w.effective;
  return (
    (e.arithmetic || e.mathCalls.length > 0) &&
    !e.stringOrDictWork &&
    !e.subprocess &&
    !e.compiled &&
    !e.callsLoopingFunction &&
    w.loop.iterable?.kind !== 'files'
  );
}

/** Why a numeric loop has no array expression, or null when it maps to arrays. */
export function whyNotArrays(w: IWorkLoop): string | null {
  const loop = w.loop;
  if (loop.carried.length > 0) {
    return `each iteration uses ${list(loop.carried.map(code))} from the one before`;
  }
  if (w.effective.recursion) {
    return 'it calls a recursive function';
  }
  if (loop.kind === 'while') {
    return 'it is a `while` loop whose length depends on what it computes';
  }
  if (w.effective.branches) {
    return 'it branches on each element';
  }
  return null;
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
 * a user function, or do string/dict or library work that NumPy cannot take over.
 */
export function isItemLoop(w: IWorkLoop): boolean {
  const e = w.effective;
  const heavy =
    w.called.length > 0 ||
    e.stringOrDictWork ||
    e.arrayCalls.length > 0 ||
    e.subprocess;
  return (
    w.fn === null &&
    w.loop.independent &&
    w.loop.kind !== 'while' &&
    heavy &&
    !mapsToArrays(w) &&
    !needsCompiler(w)
  );
}

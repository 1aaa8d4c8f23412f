/**
 * Reading a `for` loop or a list comprehension as an iteration the templates can rewrite: its
 * target names, what it iterates, and (for NumPy) the arrays standing for its variables.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../analysis/syntax';
import { children, textOf } from '../analysis/syntax';
import type { IVecScope } from './vecexpr';

/** The parts of `for <targets> in <iterable>`, from a ForStatement or a comprehension. */
export interface ILoopHeader {
  targets: string[];
  /** The target exactly as written (`i, x`). */
  targetText: string;
  iterable: SyntaxNode;
  /** The element expression of a comprehension; null for a for statement. */
  element: SyntaxNode | null;
  /** For comprehensions: true when there is an `if` clause or a second `for`. */
  filtered: boolean;
}

/** Reads the header of a ForStatement or Array/Generator comprehension, or null. */
export function loopHeader(
  parsed: IParsed,
  node: SyntaxNode
): ILoopHeader | null {
  const parts = children(node);
  const forAt = parts.findIndex(part => part.name === 'for');
  const inAt = parts.findIndex(part => part.name === 'in');
  if (forAt < 0 || inAt < forAt + 2 || !parts[inAt + 1]) {
    return null;
  }
  const targetNodes = parts
    .slice(forAt + 1, inAt)
    .filter(part => part.name !== ',');
  const flat = targetNodes.flatMap(part =>
    part.name === 'TupleExpression' || part.name === 'ParenthesizedExpression'
      ? children(part).filter(inner => !['(', ')', ','].includes(inner.name))
      : [part]
  );
  if (flat.some(part => part.name !== 'VariableName')) {
    return null;
  }
  const isComprehension = node.name !== 'ForStatement';
  return {
    targets: flat.map(part => textOf(parsed, part)),
    targetText: parsed.text.slice(parts[forAt + 1].from, parts[inAt - 1].to),
    iterable: parts[inAt + 1],
    element: isComprehension && forAt > 1 ? parts[forAt - 1] : null,
    filtered:
      isComprehension &&
      parts.filter(part => part.name === 'for' || part.name === 'if').length > 1
  };
}

/** A call's callee text, positional argument nodes and keyword arguments' texts, or null. */
export function callParts(
  parsed: IParsed,
  node: SyntaxNode
): { callee: string; args: SyntaxNode[]; keywords: string[] } | null {
  if (node.name !== 'CallExpression') {
    return null;
  }
  const [callee, argList] = children(node);
  if (!callee || !argList || argList.name !== 'ArgList') {
    return null;
  }
  const groups: SyntaxNode[][] = [[]];
  for (const part of children(argList)) {
    if (part.name === ',') {
      groups.push([]);
    } else if (part.name !== '(' && part.name !== ')') {
      groups[groups.length - 1].push(part);
    }
  }
  const args: SyntaxNode[] = [];
  const keywords: string[] = [];
  for (const group of groups.filter(item => item.length > 0)) {
    if (group.length === 1) {
      args.push(group[0]);
    } else {
      keywords.push(
        parsed.text
          .slice(group[0].from, group[group.length - 1].to)
          .replace(/\s/g, '')
      );
    }
  }
  return { callee: textOf(parsed, callee), args, keywords };
}

/** What a NumPy rewrite of one iteration needs besides the scope: arrays to create first. */
export interface IArrayIteration {
  scope: IVecScope;
  /** Lines creating the arrays, to put before the rewritten statement. */
  hoisted: string[];
  /** `a:b:s` slice of a whole sequence the index runs over, '' for all of it. */
  slice: string;
}

/**
 * The arrays standing for a loop's variables: `range(...)` -> np.arange, a sequence ->
 * np.asarray, enumerate/zip -> both. `arrays` holds names already NumPy arrays (used as they are).
 */
export function arrayIteration(
  parsed: IParsed,
  header: ILoopHeader,
  arrays: ReadonlySet<string>,
  mathNames: ReadonlySet<string>
): IArrayIteration | null {
  const state: IIterationState = {
    arrays,
    hoisted: [],
    made: new Map(),
    vars: new Map(),
    index: null,
    slice: ''
  };
  if (!readIteration(parsed, header, state)) {
    return null;
  }
  const firstArray = state.vars.get(header.targets[0]);
  const scope: IVecScope = {
    parsed,
    vars: state.vars,
    index: state.index,
    element: sequence => asArray(state, sequence, state.slice),
    mathNames,
    size: firstArray === undefined ? null : `${firstArray}.shape`
  };
  return { scope, hoisted: state.hoisted, slice: state.slice };
}

/** The arrays made so far for a loop's variables, and what they stand for. */
interface IIterationState {
  /** Names already NumPy arrays. */
  arrays: ReadonlySet<string>;
  hoisted: string[];
  /** Sequence name -> the array made for it. */
  made: Map<string, string>;
  vars: Map<string, string>;
  index: string | null;
  slice: string;
}

/** The array for sequence `name` (made once, hoisted), optionally sliced. */
function asArray(state: IIterationState, name: string, slice = ''): string {
  let expr = state.arrays.has(name) ? name : state.made.get(name);
  if (expr === undefined) {
    expr = `${name}_arr`;
    state.made.set(name, expr);
    state.hoisted.push(`${expr} = np.asarray(${name})`);
  }
  return slice ? `${expr}[${slice}]` : expr;
}

/** Fills `state` for the loop's iterable; false when it is none NumPy can stand for. */
function readIteration(
  parsed: IParsed,
  header: ILoopHeader,
  state: IIterationState
): boolean {
  const it = header.iterable;
  const call = callParts(parsed, it);
  const [first, second] = header.targets;
  if (it.name === 'VariableName' && header.targets.length === 1) {
    state.vars.set(first, asArray(state, textOf(parsed, it)));
    return true;
  }
  if (
    call?.callee === 'range' &&
    header.targets.length === 1 &&
    call.args.length <= 3
  ) {
    rangeIteration(parsed, call.args, first, state);
    return true;
  }
  if (
    call?.callee === 'enumerate' &&
    header.targets.length === 2 &&
    call.args.length === 1
  ) {
    const seq = textOf(parsed, call.args[0]);
    const values = `${first}_values`;
    state.hoisted.push(`${values} = np.arange(len(${seq}), dtype=np.float64)`);
    state.index = first;
    state.vars.set(first, values);
    state.vars.set(second, asArray(state, seq));
    return true;
  }
  if (
    call?.callee === 'zip' &&
    call.args.length === header.targets.length &&
    call.args.every(arg => arg.name === 'VariableName')
  ) {
    header.targets.forEach((target, i) =>
      state.vars.set(target, asArray(state, textOf(parsed, call.args[i])))
    );
    return true;
  }
  return false;
}

/** `for i in range(...)`: the index's values as an array, the slice of sequences it indexes. */
function rangeIteration(
  parsed: IParsed,
  argNodes: readonly SyntaxNode[],
  index: string,
  state: IIterationState
): void {
  const args = argNodes.map(arg => textOf(parsed, arg));
  const lenOf = callParts(parsed, argNodes[0]);
  const wholeLength =
    args.length === 1 && lenOf?.callee === 'len' && lenOf.args.length === 1;
  state.slice = wholeLength
    ? ''
    : args.length === 1
      ? `:${args[0]}`
      : args.join(':');
  state.index = index;
  const values = `${index === '_' ? 'idx' : index}_values`;
  state.hoisted.push(
    `${values} = np.arange(${args.join(', ')}, dtype=np.float64)`
  );
  state.vars.set(index, values);
}

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
  /** The slice `seq[index + offset]` runs over, or null when it cannot be written as one. */
  sliceAt: (offset: number) => string | null;
}

/**
 * The arrays standing for a loop's variables: `range(...)` -> np.arange, a sequence ->
 * np.asarray, enumerate/zip -> both. `arrays` holds names already NumPy arrays (used as they are).
 */
export function arrayIteration(
  parsed: IParsed,
  header: ILoopHeader,
  arrays: ReadonlySet<string>,
  mathNames: ReadonlySet<string>,
  randomNames: ReadonlySet<string> = new Set(['random'])
): IArrayIteration | null {
  const state: IIterationState = {
    arrays,
    hoisted: [],
    made: new Map(),
    vars: new Map(),
    index: null,
    slice: '',
    bounds: null,
    rows: new Map()
  };
  if (!readIteration(parsed, header, state)) {
    return null;
  }
  const firstArray = state.vars.get(header.targets[0]);
  const frame = [...state.rows.values()][0];
  const scope: IVecScope = {
    parsed,
    vars: state.vars,
    index: state.index,
    element: (sequence, offset, prefix) => {
      const slice = shiftedSlice(state, offset);
      return slice === null
        ? null
        : prefix
          ? `${asArray(state, sequence)}[${prefix}${slice || ':'}]`
          : asArray(state, sequence, slice);
    },
    mathNames,
    randomNames,
    rows: state.rows,
    size:
      frame !== undefined
        ? `(len(${frame}),)`
        : firstArray === undefined
          ? null
          : `${firstArray}.shape`
  };
  return {
    scope,
    hoisted: state.hoisted,
    slice: state.slice,
    sliceAt: offset => shiftedSlice(state, offset)
  };
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
  /** Row variables of `df.itertuples()` / `df.iterrows()` -> the frame. */
  rows: Map<string, string>;
  /** The values the index runs over, `range(start, stop, step)`, when known. */
  bounds: { start: string; stop: string; step: string | null } | null;
}

/** `a[i + k]`'s slice: the index's own slice moved by k. Null when it cannot be one: unknown
 * bounds, or a start below 0 (`a[i - 1]` from i = 0 reads a[-1], the last element). */
function shiftedSlice(state: IIterationState, offset: number): string | null {
  if (offset === 0) {
    return state.slice;
  }
  if (state.bounds === null) {
    return null;
  }
  const { start, stop, step } = state.bounds;
  const literal = /^\d+$/.test(start);
  if (literal ? Number(start) + offset < 0 : offset < 0) {
    return null;
  }
  const move = (text: string) =>
    /^\d+$/.test(text)
      ? String(Number(text) + offset)
      : `${text} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
  return `${move(start)}:${move(stop)}${step === null ? '' : `:${step}`}`;
}

/** The array for sequence `name` (made once, hoisted), optionally sliced. */
function asArray(state: IIterationState, name: string, slice = ''): string {
  let expr = state.arrays.has(name) ? name : state.made.get(name);
  if (expr === undefined) {
    // Z[x - 1] -> Z_xm1_arr, Z[x + 1] -> Z_xp1_arr: one name each, never one for both
    const stem = name
      .replace(/\s+/g, '')
      .replace(/\+/g, 'p')
      .replace(/-/g, 'm')
      .replace(/\W+/g, '_')
      .replace(/^_+|_+$/g, '');
    const taken = new Set(state.made.values());
    expr = `${stem}_arr`;
    for (let n = 2; taken.has(expr); n++) {
      expr = `${stem}_arr${n}`;
    }
    state.made.set(name, expr);
    state.hoisted.push(`${expr} = np.asarray(${name})`);
  }
  return slice ? `${expr}[${slice}]` : expr;
}

/** `self.observations`: a dotted name, which reads the same sequence on every use. */
function isAttribute(parsed: IParsed, node: SyntaxNode): boolean {
  return (
    node.name === 'MemberExpression' &&
    /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(textOf(parsed, node))
  );
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
  if (
    (it.name === 'VariableName' || isAttribute(parsed, it)) &&
    header.targets.length === 1
  ) {
    state.vars.set(first, asArray(state, textOf(parsed, it)));
    return true;
  }
  if (
    call?.callee === 'range' &&
    header.targets.length === 1 &&
    call.args.length >= 1 &&
    call.args.length <= 3 &&
    // A slice with a negative step ends differently (range(n - 1, -1, -1) is no slice n-1:-1:-1).
    (call.args.length < 3 || /^\d+$/.test(textOf(parsed, call.args[2])))
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
    state.bounds = { start: '0', stop: `len(${seq})`, step: null };
    state.vars.set(first, values);
    state.vars.set(second, asArray(state, seq));
    return true;
  }
  const rowsOf = call?.callee.match(/^([\w.]+)\.(itertuples|iterrows)$/);
  if (rowsOf && call) {
    return rowIteration(parsed, header, rowsOf[1], rowsOf[2], call, state);
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

/**
 * `for row in df.itertuples()` / `for i, row in df.iterrows()`: the row stands for the frame's
 * columns (`row.col` -> `df["col"].to_numpy()`), the label for `df.index`.
 */
function rowIteration(
  parsed: IParsed,
  header: ILoopHeader,
  frame: string,
  method: string,
  call: NonNullable<ReturnType<typeof callParts>>,
  state: IIterationState
): boolean {
  const [first, second] = header.targets;
  const plain = call.args.length === 0;
  if (method === 'itertuples' && header.targets.length === 1) {
    // itertuples(index=False) has no Index field; other arguments rename the fields
    if (!plain || call.keywords.some(k => k !== 'index=False')) {
      return false;
    }
    state.rows.set(first, frame);
    return true;
  }
  if (
    method === 'iterrows' &&
    header.targets.length === 2 &&
    plain &&
    call.keywords.length === 0
  ) {
    state.vars.set(first, `${frame}.index.to_numpy()`);
    state.rows.set(second, frame);
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
  state.bounds = {
    start: args.length === 1 ? '0' : args[0],
    stop: args.length === 1 ? args[0] : args[1],
    step: args[2] ?? null
  };
  const values = `${index === '_' ? 'idx' : index}_values`;
  state.hoisted.push(
    `${values} = np.arange(${args.join(', ')}, dtype=np.float64)`
  );
  state.vars.set(index, values);
}

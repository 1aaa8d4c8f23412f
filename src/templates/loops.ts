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
  const hoisted: string[] = [];
  const made = new Map<string, string>();
  const asArray = (name: string, slice = ''): string => {
    const whole = arrays.has(name) ? name : made.get(name);
    let expr = whole;
    if (expr === undefined) {
      expr = `${name}_arr`;
      made.set(name, expr);
      hoisted.push(`${expr} = np.asarray(${name})`);
    }
    return slice ? `${expr}[${slice}]` : expr;
  };
  const vars = new Map<string, string>();
  let index: string | null = null;
  let slice = '';
  const it = header.iterable;
  const call = callParts(parsed, it);
  const [first, second] = header.targets;
  if (it.name === 'VariableName' && header.targets.length === 1) {
    vars.set(first, asArray(textOf(parsed, it)));
  } else if (
    call?.callee === 'range' &&
    header.targets.length === 1 &&
    call.args.length <= 3
  ) {
    const args = call.args.map(arg => textOf(parsed, arg));
    const lenOf = callParts(parsed, call.args[0]);
    if (
      args.length === 1 &&
      lenOf?.callee === 'len' &&
      lenOf.args.length === 1
    ) {
      slice = '';
    } else {
      slice = args.length === 1 ? `:${args[0]}` : args.join(':');
    }
    index = first;
    const values = `${first === '_' ? 'idx' : first}_values`;
    hoisted.push(`${values} = np.arange(${args.join(', ')}, dtype=np.float64)`);
    vars.set(first, values);
  } else if (
    call?.callee === 'enumerate' &&
    header.targets.length === 2 &&
    call.args.length === 1
  ) {
    const seq = textOf(parsed, call.args[0]);
    const values = `${first}_values`;
    hoisted.push(`${values} = np.arange(len(${seq}), dtype=np.float64)`);
    index = first;
    vars.set(first, values);
    vars.set(second, asArray(seq));
  } else if (
    call?.callee === 'zip' &&
    call.args.length === header.targets.length
  ) {
    if (call.args.some(arg => arg.name !== 'VariableName')) {
      return null;
    }
    header.targets.forEach((target, i) =>
      vars.set(target, asArray(textOf(parsed, call.args[i])))
    );
  } else {
    return null;
  }
  const scope: IVecScope = {
    parsed,
    vars,
    index,
    element: sequence => asArray(sequence, slice),
    mathNames
  };
  return { scope, hoisted, slice };
}

/**
 * A loop body's `if`, as its statement under a boolean mask: the elements where the condition
 * holds, counted, summed, assigned with np.where or selected.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IParsed } from '../../analysis/syntax';
import { children, statementsOf, textOf } from '../../analysis/syntax';
import type { IArrayIteration } from '../../templates/loops';
import { callParts } from '../../templates/loops';
import { subscriptOf, varies, vectorise } from '../../templates/vecexpr';

/** A loop body's statement as array code, and the name it produces ('' for a temporary). */
export interface IBodyLine {
  code: string;
  name: string;
}

/** `a[i]`, `a[i ± k]`, `a[r, i]` as the slice of `a` the loop writes, `a[1:n + 1]`; else null. */
export function elementTarget(
  node: SyntaxNode,
  iteration: IArrayIteration
): { name: string; slice: string } | null {
  const indexed = subscriptOf(iteration.scope, node);
  const slice = indexed === null ? null : iteration.sliceAt(indexed.offset);
  return indexed === null || slice === null
    ? null
    : {
        name: indexed.root,
        slice: `${indexed.sequence}[${indexed.prefix}${slice || ':'}]`
      };
}

/**
 * `if c:` over one statement per branch, as that statement under a mask: a sum or count of the
 * elements where c holds (`np.count_nonzero`), `np.where` for element assignments, the selected
 * elements for appends.
 */
export function conditional(
  parsed: IParsed,
  node: SyntaxNode,
  iteration: IArrayIteration,
  emptyLists: ReadonlySet<string>
): IBodyLine | string {
  const { scope } = iteration;
  const parts = children(node);
  if (parts.some(part => part.name === 'elif')) {
    return 'is an if/elif chain; rewrite it with np.select.';
  }
  const branches = parts
    .filter(part => part.name === 'Body')
    .map(body => statementsOf(body));
  const mask = vectorise(scope, parts[1]);
  if (mask === null || !varies(scope, parts[1])) {
    return 'has a condition NumPy cannot evaluate on whole arrays here; rewrite it with a boolean mask.';
  }
  if (branches.some(statements => statements.length !== 1)) {
    return 'has more than one statement in a branch; rewrite each as np.where(mask, ...).';
  }
  const [yes, no] = branches.map(statements => statements[0]);
  const why = 'is an if statement whose branch NumPy cannot express here.';
  if (yes.name === 'UpdateStatement') {
    return maskedReduction(parsed, mask, yes, no, iteration) ?? why;
  }
  if (yes.name === 'AssignStatement') {
    return maskedAssignment(mask, yes, no, iteration) ?? why;
  }
  if (yes.name === 'ExpressionStatement' && no === undefined) {
    return maskedAppend(parsed, mask, yes, iteration, emptyLists) ?? why;
  }
  return why;
}

/** Both branches read the same way: [the if's, the else's or null], or null when either
 * cannot be read or the else does not `agree` with the if (another name, another place). */
function readBranches<T>(
  yes: SyntaxNode,
  no: SyntaxNode | undefined,
  read: (statement: SyntaxNode) => T | null,
  agree: (a: T, b: T) => boolean
): [T, T | null] | null {
  const a = read(yes);
  const b = no === undefined ? null : read(no);
  return a === null || (no !== undefined && (b === null || !agree(a, b)))
    ? null
    : [a, b];
}

/** `if c: total += t` -> `total += np.sum(np.where(C, T, 0)).item()` (`np.count_nonzero(C)` for
 * `+= 1`); an `else:` that updates the same name with the same operator gives np.where's other side. */
function maskedReduction(
  parsed: IParsed,
  mask: string,
  yes: SyntaxNode,
  no: SyntaxNode | undefined,
  iteration: IArrayIteration
): IBodyLine | null {
  const update = (statement: SyntaxNode) => {
    const parts = children(statement);
    const value =
      statement.name === 'UpdateStatement' &&
      parts.length === 3 &&
      parts[0].name === 'VariableName'
        ? vectorise(iteration.scope, parts[2])
        : null;
    return value === null
      ? null
      : {
          name: textOf(parsed, parts[0]),
          op: textOf(parsed, parts[1]),
          value
        };
  };
  const read = readBranches(
    yes,
    no,
    update,
    (a, b) => b.name === a.name && b.op === a.op
  );
  if (read === null || !['+=', '-=', '*='].includes(read[0].op)) {
    return null;
  }
  const [a, b] = read;
  const neutral = a.op === '*=' ? '1' : '0';
  const reduce = a.op === '*=' ? 'np.prod' : 'np.sum';
  const code =
    b === null && a.value === '1' && a.op !== '*='
      ? `${a.name} ${a.op} np.count_nonzero(${mask})`
      : `${a.name} ${a.op} ${reduce}(np.where(${mask}, ${a.value}, ${b?.value ?? neutral})).item()`;
  return { code, name: a.name };
}

/** `if c: a[i] = x` (`else: a[i] = y`) -> `a[s] = np.where(C, X, a[s])` (or `Y`). */
function maskedAssignment(
  mask: string,
  yes: SyntaxNode,
  no: SyntaxNode | undefined,
  iteration: IArrayIteration
): IBodyLine | null {
  const element = (statement: SyntaxNode) => {
    const parts = children(statement);
    if (statement.name !== 'AssignStatement' || parts.length !== 3) {
      return null;
    }
    const target = elementTarget(parts[0], iteration);
    const value = vectorise(iteration.scope, parts[2]);
    return target && value !== null ? { ...target, value } : null;
  };
  const read = readBranches(yes, no, element, (a, b) => b.slice === a.slice);
  if (read === null) {
    return null;
  }
  const [a, b] = read;
  return {
    code: `${a.slice} = np.where(${mask}, ${a.value}, ${b?.value ?? a.slice})`,
    name: a.name
  };
}

/** `if c: xs.append(v)` -> the values where c holds, `V[C]` (or `np.full(count, v)`). */
function maskedAppend(
  parsed: IParsed,
  mask: string,
  statement: SyntaxNode,
  iteration: IArrayIteration,
  emptyLists: ReadonlySet<string>
): IBodyLine | null {
  const call = callParts(parsed, children(statement)[0]);
  const name = call?.callee.endsWith('.append')
    ? call.callee.slice(0, -'.append'.length)
    : '';
  if (!call || call.args.length !== 1 || !/^[A-Za-z_]\w*$/.test(name)) {
    return null;
  }
  const value = vectorise(iteration.scope, call.args[0]);
  if (value === null) {
    return null;
  }
  const selected = varies(iteration.scope, call.args[0])
    ? `np.broadcast_to(${value}, np.shape(${mask}))[${mask}]`
    : `np.full(np.count_nonzero(${mask}), ${value})`;
  return emptyLists.has(name)
    ? { code: `${name} = ${selected}`, name }
    : { code: `${name}.extend(${selected}.tolist())`, name };
}

/**
 * Lists a compiled function reads from the notebook's globals. Numba freezes a global as a
 * compile-time constant and refuses a list outright ("The use of a reflected list ... assigned
 * to a global"); so the compiled function takes each list as an array argument, and a Python
 * function with the original name and signature passes the current values in (a list the
 * notebook changes later is seen as it is then, not as it was at compile time).
 */
import type { SyntaxNode } from '@lezer/common';

import type { IEdit, IParsed } from '../../analysis/syntax';
import {
  children,
  descendants,
  namesIn,
  textOf,
  topStatements
} from '../../analysis/syntax';
import { boundNames, storedNames } from '../../analysis/bindings';

/** How a function reading global lists is compiled: edits to its definition, and its caller. */
export interface IListArguments {
  /** The lists, in the order the compiled function takes them (first). */
  lists: string[];
  /** Edits of the definition (offsets in its cell's text): renamed `<name>_compiled`, the
   * lists as its first parameters. */
  edits: IEdit[];
  /** `def <name>(<params>): return <name>_compiled(numpy.asarray(list), ..., params)`. */
  caller: string;
}

const LISTS = new Set(['ArrayExpression', 'ArrayComprehensionExpression']);
export const DICTS = new Set([
  'DictionaryExpression',
  'DictionaryComprehensionExpression'
]);

/** Whether a top-level statement of `parsed` binds `name` to a display or comprehension of
 * one of `kinds` (`ls = [...]`, `nbr = {i: ... for i in ...}`). */
export function bindsDisplay(
  parsed: IParsed,
  name: string,
  kinds: ReadonlySet<string> = LISTS
): boolean {
  return topStatements(parsed).some(statement => {
    const parts = children(statement);
    return (
      statement.name === 'AssignStatement' &&
      parts.length === 3 &&
      parts[0].name === 'VariableName' &&
      kinds.has(parts[2].name) &&
      textOf(parsed, parts[0]) === name
    );
  });
}

/** Whether every use of `name` under `node` reads it or one of its elements: no
 * `name.method(...)` (append, sort). Element stores and rebinding are ruled out elsewhere. */
export function onlyRead(
  parsed: IParsed,
  node: SyntaxNode,
  name: string
): boolean {
  return descendants(node).every(item => {
    if (item.name !== 'VariableName' || textOf(parsed, item) !== name) {
      return true;
    }
    // Nodes are made afresh on every visit: compared by position, not identity.
    const parent = item.parent;
    return (
      parent?.name !== 'MemberExpression' ||
      parent.firstChild?.from !== item.from ||
      item.nextSibling?.name === '['
    );
  });
}

/**
 * The rewrite for a function (`node`, a FunctionDefinition in `parsed`) that reads lists bound
 * at a cell's top level, or null when it reads none, changes one or stores into anything (an
 * element of a list, maybe), or has a signature the caller cannot pass on (`*args`, keyword-only parameters). `parsesBinding(name)`: the parses
 * of the cells that assign `name` at their top level; `globals`: names that stay globals
 * (modules, functions, builtins).
 */
export function listArguments(
  parsed: IParsed,
  node: SyntaxNode,
  parsesBinding: (name: string) => IParsed[],
  globals: ReadonlySet<string>
): IListArguments | null {
  const [, nameNode, paramList] = children(node);
  const body = node.getChild('Body');
  if (
    nameNode?.name !== 'VariableName' ||
    paramList?.name !== 'ParamList' ||
    !body ||
    children(paramList).some(part => part.name.startsWith('*'))
  ) {
    return null;
  }
  const name = textOf(parsed, nameNode);
  const params = children(paramList)
    .filter(
      part =>
        part.name === 'VariableName' && part.prevSibling?.name !== 'AssignOp'
    )
    .map(part => textOf(parsed, part));
  const locals = new Set([...params, ...boundNames(parsed, body)]);
  const lists = namesIn(parsed, body).filter(
    item =>
      !locals.has(item) &&
      !globals.has(item) &&
      parsesBinding(item).some(cell => bindsDisplay(cell, item))
  );
  // Any element store may write through an element of a list (`a = choice(L); a[:] = b`),
  // which an array copy would lose.
  if (
    lists.length === 0 ||
    storedNames(parsed, body).length > 0 ||
    !lists.every(item => onlyRead(parsed, body, item))
  ) {
    return null;
  }
  const compiledName = `${name}_compiled`;
  const open = paramList.from + 1;
  const passed = [...lists.map(item => `numpy.asarray(${item})`), ...params];
  const plural = lists.length > 1 ? 's' : '';
  return {
    lists,
    edits: [
      { from: nameNode.from, to: nameNode.to, text: compiledName },
      {
        from: open,
        to: open,
        text: `${lists.join(', ')}${params.length > 0 ? ', ' : ''}`
      }
    ],
    caller: [
      `# ${lists.join(', ')}: global list${plural}, which Numba cannot compile in: passed in as array${plural} at each call.`,
      `def ${name}${textOf(parsed, paramList)}:`,
      `    return ${compiledName}(${passed.join(', ')})`
    ].join('\n')
  };
}

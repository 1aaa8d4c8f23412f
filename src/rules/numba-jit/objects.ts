/**
 * Arguments that hold objects of the notebook's own classes, which Numba's nopython mode cannot
 * type ("non-precise type pyobject" on the compiled function's first call): the numba tutorial's
 * `particles = [Particle(...) for i in range(n)]`, scimark's `G = Array2D(n, n)` (and the class
 * itself passed in). Found before the template would fail, so the note can say which argument
 * and what to do instead.
 */
import type { ICall } from '../../analysis/types';
import type { IParsed } from '../../analysis/syntax';
import {
  children,
  descendants,
  textOf,
  topStatements
} from '../../analysis/syntax';

/** An argument of the hot call that is, or holds, objects of a class of the notebook. */
export interface IObjectArgument {
  /** The argument as written (a name). */
  name: string;
  /** The class whose objects it holds. */
  className: string;
  /** True when the argument is the class itself. */
  isClass: boolean;
}

const TYPED_BASES = /\b(NamedTuple|namedtuple|Enum|IntEnum)\b/;

/** The names of the classes defined at the top level of these cells (not named tuples or enums). */
export function classNames(parses: readonly IParsed[]): Set<string> {
  const names = new Set<string>();
  for (const parsed of parses) {
    for (const statement of topStatements(parsed)) {
      const name =
        statement.name === 'ClassDefinition'
          ? statement.getChild('VariableName')
          : null;
      const bases = statement.getChild('ArgList');
      // Numba does compile named tuples and enum members.
      const typed = bases !== null && TYPED_BASES.test(textOf(parsed, bases));
      if (name && !typed) {
        names.add(textOf(parsed, name));
      }
    }
  }
  return names;
}

/**
 * The first argument of `call` that is one of `classes`, or that a top-level assignment in
 * `bindings(name)` binds to a value built by calling one (`Cls(...)`, `[Cls() for ...]`).
 */
export function objectArgument(
  call: ICall,
  classes: ReadonlySet<string>,
  bindings: (name: string) => readonly IParsed[]
): IObjectArgument | null {
  if (classes.size === 0) {
    return null;
  }
  for (const arg of call.args) {
    const name = arg.trim();
    if (!/^[A-Za-z_]\w*$/.test(name)) {
      continue;
    }
    if (classes.has(name)) {
      return { name, className: name, isClass: true };
    }
    for (const parsed of bindings(name)) {
      const className = constructedClass(parsed, name, classes);
      if (className) {
        return { name, className, isClass: false };
      }
    }
  }
  return null;
}

/** The class a top-level `name = <value>` of `parsed` calls in its value, or null. */
function constructedClass(
  parsed: IParsed,
  name: string,
  classes: ReadonlySet<string>
): string | null {
  for (const statement of topStatements(parsed)) {
    const parts = children(statement);
    if (
      statement.name !== 'AssignStatement' ||
      parts.length !== 3 ||
      parts[0].name !== 'VariableName' ||
      textOf(parsed, parts[0]) !== name
    ) {
      continue;
    }
    for (const node of descendants(parts[2])) {
      const callee = node.name === 'CallExpression' ? node.firstChild : null;
      const called =
        callee?.name === 'VariableName' ? textOf(parsed, callee) : null;
      if (called && classes.has(called)) {
        return called;
      }
    }
  }
  return null;
}

/** The note's sentence for such an argument. */
export function objectsNote(arg: IObjectArgument): string {
  const what = arg.isClass
    ? `the class ${arg.className} itself`
    : `${arg.className} objects`;
  return (
    `The hot function is given ${arg.name}, ${what}, which Numba's nopython mode cannot compile ` +
    `(it compiles numbers, NumPy arrays and tuples of them): keep the objects' numbers in NumPy ` +
    `arrays (one per attribute, or one 2-D array) and pass those in, then compile the loops over them.`
  );
}

/**
 * Which libraries a cell uses, the allocations whose size its code states, pandas row loops and
 * the lines that start external programs.
 */
import type { SyntaxNode } from '@lezer/common';

import { isSubprocessCall } from './vocabulary';
import type { ICollected } from './collect';
import type { IConstants, IEvalContext } from './constants';
import { arrayShape } from './arrays';
import { lengthOf } from './constants';
import type { IBinding, Qualifier } from './imports';
import type { SourceText } from './syntax';
import { child, dottedName, splitArguments } from './syntax';
import type { IAllocation, ICellAnalysis } from './types';

/** What the readers here need. */
export interface ILibraryContext {
  src: SourceText;
  qualifier: Qualifier;
  constantsFor: (functionName: string | null) => IConstants;
}

const GPU_MODULES = [
  'cupy',
  'cupyx',
  'cudf',
  'cuml',
  'torch',
  'jax',
  'tensorflow',
  'pycuda',
  'numba.cuda'
];
const POOL_MODULES = [
  'multiprocessing',
  'multiprocess',
  'concurrent.futures',
  'pathos',
  'joblib',
  'ipyparallel',
  'mpi4py'
];
const NUMBA_DECORATORS = new Set([
  'njit',
  'jit',
  'vectorize',
  'guvectorize',
  'stencil',
  'prange'
]);

/** Bytes per element of the numpy dtypes the code names; float64 when it names none. */
const ITEM_SIZES = new Map<string, number>([
  ['float64', 8],
  ['float', 8],
  ['double', 8],
  ['f8', 8],
  ['int64', 8],
  ['int', 8],
  ['i8', 8],
  ['uint64', 8],
  ['complex64', 8],
  ['float32', 4],
  ['single', 4],
  ['f4', 4],
  ['int32', 4],
  ['i4', 4],
  ['uint32', 4],
  ['float16', 2],
  ['half', 2],
  ['int16', 2],
  ['uint16', 2],
  ['int8', 1],
  ['uint8', 1],
  ['bool', 1],
  ['bool_', 1],
  ['complex128', 16],
  ['complex', 16]
]);

/** The dotted names a cell uses, resolved through its imports: `np.zeros` -> numpy.zeros. */
export function usedPaths(
  collected: ICollected,
  bindings: readonly IBinding[],
  ctx: ILibraryContext
): string[] {
  const paths = new Set(bindings.map(b => b.path));
  for (const use of collected.names) {
    const name = use.role === 'load' ? ctx.src.of(use.node) : '';
    if (NUMBA_DECORATORS.has(name)) {
      paths.add(name);
    } else if (name !== '' && ctx.qualifier.isModule(name)) {
      // Only module names lead to libraries: other names need no resolving.
      const parent = use.node.parent;
      const dotted =
        parent?.name === 'MemberExpression'
          ? dottedName(parent, ctx.src)
          : null;
      paths.add(ctx.qualifier.qualify(dotted ?? name));
    }
  }
  return [...paths];
}

/** Where a pool or Dask lives: a cell reading one of these names runs work in parallel. */
const PARALLEL_MODULES = [...POOL_MODULES, 'dask', 'distributed'];

/** True when the cell reads a name its imports bind to a pool or Dask module. */
export function readsParallel(
  collected: ICollected,
  bindings: readonly IBinding[],
  ctx: ILibraryContext
): boolean {
  const parallel = bindings.filter(b => isUnder(b.path, PARALLEL_MODULES));
  if (parallel.length === 0) {
    return false;
  }
  const read = new Set(
    collected.names
      .filter(use => use.role === 'load')
      .map(use => ctx.src.of(use.node))
  );
  return parallel.some(b => read.has(b.alias));
}

function isUnder(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some(
    prefix => path === prefix || path.startsWith(`${prefix}.`)
  );
}

/** Libraries the cell uses, from its imports and the names it reads. */
export function readUses(
  paths: readonly string[],
  parallel: boolean
): ICellAnalysis['uses'] {
  const uses = (prefixes: readonly string[]): boolean =>
    paths.some(path => isUnder(path, prefixes));
  return {
    numpy: uses(['numpy']),
    pandas: uses(['pandas']),
    dask: uses(['dask', 'distributed']),
    numba: uses(['numba']) || paths.some(path => NUMBA_DECORATORS.has(path)),
    gpu: uses(GPU_MODULES),
    multiprocessing: uses(POOL_MODULES),
    parallel
  };
}

/** Allocations whose element count the code gives: numpy constructors, `[0] * n`, `list(range(n))`. */
export function readAllocations(
  collected: ICollected,
  ctx: ILibraryContext
): IAllocation[] {
  const allocations: IAllocation[] = [];
  for (const call of collected.calls) {
    const evalCtx = evalContextAt(call, ctx);
    const shape = arrayShape(call, evalCtx);
    if (shape) {
      const elements = shape.reduce((product, dim) => product * dim, 1);
      allocations.push(
        allocation(call, elements, elements * itemSize(call, ctx.src), ctx.src)
      );
      continue;
    }
    if (isListOfRange(call, ctx.src)) {
      const elements = lengthOf(call, evalCtx);
      if (elements !== undefined) {
        // A list holds 8-byte pointers; the element objects come on top.
        allocations.push(allocation(call, elements, elements * 8, ctx.src));
      }
    }
  }
  for (const node of collected.repetitions) {
    const elements = lengthOf(node, evalContextAt(node, ctx));
    if (elements !== undefined) {
      allocations.push(allocation(node, elements, elements * 8, ctx.src));
    }
  }
  return allocations.sort((a, b) => a.line - b.line);
}

/** `list(range(n))`. */
function isListOfRange(call: SyntaxNode, src: SourceText): boolean {
  const name = call.firstChild ? dottedName(call.firstChild, src) : null;
  const inner = splitArguments(call, src).positional[0];
  const innerName =
    inner?.name === 'CallExpression' && inner.firstChild
      ? dottedName(inner.firstChild, src)
      : null;
  return name === 'list' && innerName === 'range';
}

function allocation(
  node: SyntaxNode,
  elements: number,
  bytes: number,
  src: SourceText
): IAllocation {
  return {
    line: src.startLine(node),
    text: src.short(node, 80),
    elements,
    bytes
  };
}

/** The constants in force where `node` stands (inside a function, its own). */
function evalContextAt(node: SyntaxNode, ctx: ILibraryContext): IEvalContext {
  let functionName: string | null = null;
  for (let p = node.parent; p; p = p.parent) {
    if (p.name === 'FunctionDefinition') {
      const name = p.getChild('VariableName');
      functionName = name ? ctx.src.of(name) : null;
      break;
    }
  }
  return {
    src: ctx.src,
    qualifier: ctx.qualifier,
    constants: ctx.constantsFor(functionName)
  };
}

/** Bytes per element from a `dtype=` argument (or the positional dtype of zeros/ones/empty). */
function itemSize(call: SyntaxNode, src: SourceText): number {
  const { positional, keywords } = splitArguments(call, src);
  const callee = call.firstChild
    ? (dottedName(call.firstChild, src) ?? '')
    : '';
  const method = callee.slice(callee.lastIndexOf('.') + 1);
  const dtype =
    keywords.get('dtype') ??
    (['zeros', 'ones', 'empty'].includes(method) ? positional[1] : undefined);
  if (!dtype) {
    return 8;
  }
  const text = src.of(dtype);
  const name = text
    .slice(text.lastIndexOf('.') + 1)
    .split('"')
    .join('')
    .split("'")
    .join('');
  return ITEM_SIZES.get(name) ?? 8;
}

/** Lines of pandas row loops: `iterrows()`, `itertuples()`, `apply(..., axis=1)`. */
export function readRowLoops(collected: ICollected, src: SourceText): number[] {
  const lines = new Set<number>();
  for (const call of collected.calls) {
    const callee = call.firstChild;
    const property =
      callee?.name === 'MemberExpression'
        ? child(callee, 'PropertyName')
        : null;
    const method = property ? src.of(property) : '';
    if (method === 'iterrows' || method === 'itertuples') {
      lines.add(src.startLine(call));
    } else if (method === 'apply') {
      const axis = splitArguments(call, src).keywords.get('axis');
      const text = axis ? src.of(axis) : '';
      if (text === '1' || text === '"columns"' || text === "'columns'") {
        lines.add(src.startLine(call));
      }
    }
  }
  return [...lines].sort((a, b) => a - b);
}

/** Lines that start an external program: subprocess / os.system calls and shell escapes. */
export function readSubprocessLines(
  collected: ICollected,
  shellLines: readonly number[],
  ctx: ILibraryContext
): number[] {
  const lines = new Set(shellLines);
  for (const call of collected.calls) {
    const callee = call.firstChild;
    const name = callee ? dottedName(callee, ctx.src) : null;
    const text = callee ? ctx.src.of(callee) : '';
    const ipythonSystem =
      text.includes('get_ipython') && text.endsWith('.system');
    if (
      (name !== null && isSubprocessCall(ctx.qualifier.qualify(name))) ||
      ipythonSystem
    ) {
      lines.add(ctx.src.startLine(call));
    }
  }
  return [...lines].sort((a, b) => a - b);
}

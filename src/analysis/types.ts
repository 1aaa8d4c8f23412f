/**
 * What the analysis reads from a cell's code. Pure data: the advice engine and the templates
 * consume it; nothing here depends on the DOM or JupyterLab.
 *
 * Lines are 1-based and relative to the cell's source. Text fields hold the cell's own code.
 */

/** What a `for` loop iterates over. */
export type IterableKind =
  | 'range' //          range(N), range(a, b), range(len(x))
  | 'name' //           a named list/array/sequence: `for x in items`
  | 'enumerate' //      enumerate(x)
  | 'zip' //            zip(a, b)
  | 'files' //          glob.glob(...), os.listdir(...), Path.glob/iterdir
  | 'rows' //           df.iterrows(), df.itertuples()
  | 'call' //           any other call
  | 'literal' //        a list/tuple literal
  | 'other';

/** What a loop iterates over, as the code says it. */
export interface IIterable {
  kind: IterableKind;
  /** The iterable's source text, e.g. `range(len(xs))`. */
  text: string;
  /** Names of the sequences iterated (for range(len(x)) that is x; for zip(a, b), a and b). */
  sequences: string[];
  /** For range(): the argument texts, e.g. ['0', 'n']. */
  rangeArgs?: string[];
  /** The item count when a literal in the code gives it (range(1000) -> 1000). */
  count?: number;
}

/** One loop: a `for`, a `while`, or one `for` clause of a comprehension. */
export interface ILoop {
  kind: 'for' | 'while' | 'comprehension';
  line: number;
  endLine: number;
  /** 0 for an outermost loop. */
  depth: number;
  /** The loop target's text (`i`, `i, x`); null for while loops. */
  target: string | null;
  iterable: IIterable | null;
  /** Arithmetic (+ - * / ** % //) on scalars or elements inside the body. */
  arithmetic: boolean;
  /** Calls to `math.*` functions or numeric builtins inside the body. */
  mathCalls: string[];
  /** Element-wise subscripts using the loop variable, e.g. `a[i]`, `grid[i][j]`. */
  elementIndexing: string[];
  /** Names appended to (`out.append(...)`). */
  appends: string[];
  /** Names updated in place (`total += ...`). */
  accumulators: string[];
  /** Names read before they are written in an iteration and written later (true dependencies). */
  carried: string[];
  /** Carried names that follow from the iteration's index (`l = l * zoom`, `t += dt`). */
  inductions: string[];
  /** True when no iteration reads what another writes (accumulators and appends aside). */
  independent: boolean;
  /** `if` / `while` / `break` / `continue` inside the body. */
  branches: boolean;
  /** Names of functions called in the body. */
  calls: string[];
  /** An external program started per iteration (subprocess.*, os.system, `!cmd`). */
  subprocess: boolean;
  /** String or dict-heavy work (f-strings, str methods, dict updates) where NumPy does not fit. */
  stringOrDictWork: boolean;
  /** The innermost function the loop sits in, or null for a loop at the cell's top level. */
  inFunction: string | null;
  /** Calls into array libraries (numpy, pandas, scipy, dask) inside the body, as written. */
  arrayCalls: string[];
}

/** A function the cell defines, with what its body does. */
export interface IFunctionDef {
  name: string;
  params: string[];
  line: number;
  endLine: number;
  /** The whole definition's source text, decorators included. */
  source: string;
  decorators: string[];
  recursive: boolean;
  loops: ILoop[];
  returns: boolean;
  /** True for a definition inside another function or a class (not callable by name elsewhere). */
  nested: boolean;
  /** True for a method: a definition directly in a class body. */
  method: boolean;
  /**
   * A method that assigns to its object (`self.i = i`, `self.m[j] = k`, `self.n += 1`): what one
   * call leaves there, the next reads, so calls in a loop depend on each other.
   */
  updatesState: boolean;
  /** Arithmetic anywhere in the body (a numeric function even without a loop). */
  arithmetic: boolean;
  /** Calls to `math.*` functions or numeric builtins in the body. */
  mathCalls: string[];
  /** Names of functions called in the body, as written (`math.sin`, `helper`). */
  calls: string[];
  /** `if` / `while` / `break` / `continue` / conditional expressions in the body. */
  branches: boolean;
  /** An external program started in the body (subprocess.*, os.system, `!cmd`). */
  subprocess: boolean;
  /** String or dict-heavy work in the body. */
  stringOrDictWork: boolean;
  /** Calls into array libraries (numpy, pandas, scipy, dask) in the body, as written. */
  arrayCalls: string[];
}

/** A call the cell makes, anywhere in it. */
export interface ICall {
  name: string;
  line: number;
  /** Argument source texts. */
  args: string[];
  /** Names the call's result is assigned to (`x, y = f(a)` -> ['x', 'y']). */
  assignedTo: string[];
}

/** A name an import statement binds. */
export interface IImport {
  /** Top-level module, e.g. `numpy` for `import numpy.linalg as la`. */
  module: string;
  /** The name bound in the namespace, e.g. `np`. */
  alias: string;
  line: number;
}

/** An allocation whose size the code states: np.zeros(10**8), [0] * N with N literal, etc. */
export interface IAllocation {
  line: number;
  text: string;
  /** Element count when it can be computed from literals. */
  elements?: number;
  /** Bytes when the element count and dtype are known (float64 unless stated). */
  bytes?: number;
}

/** A line the parser could not read as Python (magic, shell escape, syntax error). */
export interface IUnreadLine {
  line: number;
  reason: 'magic' | 'shell' | 'syntax';
  text: string;
  /** Last line of the span when it covers several (a `%%bash` cell, a continued magic). */
  endLine?: number;
}

/** Everything the analysis reads from one cell. */
export interface ICellAnalysis {
  loops: ILoop[];
  functions: IFunctionDef[];
  calls: ICall[];
  imports: IImport[];
  /** Names assigned at the cell's top level, in order. */
  assigned: string[];
  /** Names read but not defined in this cell (from other cells or the kernel). */
  freeNames: string[];
  /** The last top-level expression's text, when the cell ends in one (its displayed result). */
  lastExpression: string | null;
  allocations: IAllocation[];
  /** Libraries used through their aliases: numpy, pandas, dask, numba, cupy, ... */
  uses: {
    numpy: boolean;
    pandas: boolean;
    dask: boolean;
    numba: boolean;
    gpu: boolean;
    multiprocessing: boolean;
    /** It reads a name bound to a pool or Dask module: work runs in parallel (an import alone runs nothing). */
    parallel: boolean;
  };
  /** pandas row loops: iterrows/itertuples/apply(axis=1) lines. */
  rowLoops: number[];
  /** Lines starting an external program (subprocess.*, os.system, `!cmd`). */
  subprocessLines: number[];
  unread: IUnreadLine[];
  /** Number of top-level statements: a long multi-function cell suggests profiling first. */
  statements: number;
  lineCount: number;
  /** Lengths of sequences and arrays the code gives with literals (`seeds = list(range(6))` -> 6). */
  lengths: Record<string, number>;
}

/** A notebook's cells, analysed, with the functions each defines for cross-cell lookup. */
export interface INotebookAnalysis {
  cells: { id: string; index: number; analysis: ICellAnalysis }[];
  /** Function name -> id of the cell that defines it (the last definition wins, as in the kernel). */
  definitions: Record<string, string>;
}

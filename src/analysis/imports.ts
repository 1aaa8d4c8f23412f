/**
 * Import statements and the names they bind, so that `np.zeros`, `numpy.zeros` and
 * `from numpy import zeros` all read as `numpy.zeros`.
 */
import type { SyntaxNode } from '@lezer/common';

import type { SourceText } from './syntax';
import type { IImport } from './types';

/** A name an import binds and the dotted path it stands for. */
export interface IBinding extends IImport {
  path: string;
}

/**
 * Aliases so common that a cell using them is taken to mean the library even when the import sits
 * in another cell (cells are analysed on their own so that one edit re-reads one cell).
 */
const CONVENTIONAL = new Map<string, string>([
  ['np', 'numpy'],
  ['pd', 'pandas'],
  ['da', 'dask.array'],
  ['dd', 'dask.dataframe'],
  ['db', 'dask.bag'],
  ['nb', 'numba'],
  ['cp', 'cupy'],
  ['jnp', 'jax.numpy'],
  ['mp', 'multiprocessing'],
  ['tf', 'tensorflow'],
  ['xr', 'xarray']
]);

/** The bindings of one `ImportStatement`. */
export function readImport(statement: SyntaxNode, src: SourceText): IBinding[] {
  const line = src.startLine(statement);
  const bindings: IBinding[] = [];
  let from: string | null = null;
  let parts: string[] = [];
  let alias: string | null = null;
  let expectAlias = false;
  let afterImport = false;
  const flush = (): void => {
    if (parts.length > 0) {
      bindings.push(binding(from, parts, alias, line));
    }
    parts = [];
    alias = null;
  };
  for (let c = statement.firstChild; c; c = c.nextSibling) {
    const name = c.name;
    if (name === 'import') {
      // In `from ..pkg.mod import x`, `from` holds the leading dots so far.
      from = from === null ? null : from + parts.join('.');
      parts = [];
      afterImport = true;
    } else if (name === 'from') {
      from = '';
    } else if (name === 'as') {
      expectAlias = true;
    } else if (name === 'VariableName') {
      if (expectAlias) {
        alias = src.of(c);
        expectAlias = false;
      } else {
        parts.push(src.of(c));
      }
    } else if (name === ',' && afterImport) {
      flush();
    } else if (
      (name === '.' || name === 'Ellipsis') &&
      !afterImport &&
      parts.length === 0
    ) {
      from = (from ?? '') + src.of(c);
    }
  }
  flush();
  return bindings;
}

function binding(
  from: string | null,
  parts: string[],
  alias: string | null,
  line: number
): IBinding {
  if (from === null) {
    // `import a.b.c` binds `a`; `import a.b.c as x` binds x to a.b.c.
    const path = alias ? parts.join('.') : parts[0];
    return { module: parts[0], alias: alias ?? parts[0], line, path };
  }
  const path = from.endsWith('.')
    ? `${from}${parts.join('.')}`
    : `${from}.${parts.join('.')}`;
  const module = from.replace(/^\.+/, '').split('.')[0] || '.';
  return { module, alias: alias ?? parts[parts.length - 1], line, path };
}

/** Resolves the first part of dotted names through a cell's imports and the usual aliases. */
export class Qualifier {
  /**
   * @param bindings - the cell's import bindings; a later import of a name wins.
   */
  constructor(bindings: readonly IBinding[]) {
    for (const item of bindings) {
      this._paths.set(item.alias, item.path);
    }
  }

  /** `np.linalg.eigvalsh` -> `numpy.linalg.eigvalsh`; unknown names are returned as they are. */
  qualify(dotted: string): string {
    const dot = dotted.indexOf('.');
    const head = dot < 0 ? dotted : dotted.slice(0, dot);
    const path = this._paths.get(head) ?? CONVENTIONAL.get(head);
    if (path === undefined) {
      return dotted;
    }
    return dot < 0 ? path : path + dotted.slice(dot);
  }

  /** True when `name` is bound by an import of this cell or is a conventional module alias. */
  isModule(name: string): boolean {
    return this._paths.has(name) || CONVENTIONAL.has(name);
  }

  private _paths = new Map<string, string>();
}

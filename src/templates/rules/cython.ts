/**
 * compiled-extension: a Cython skeleton of the cell's hot function, with C types to fill in. The
 * first cell compiles it when Cython is installed (and says how to install it otherwise); the
 * `%%cython` form is shown in a note for users who prefer the cell magic.
 */
import type { IInsertCell } from '../../advice/types';
import type { ICellOrigin } from '../cells';
import { insertCell, pyString } from '../cells';
import type { ITemplateContext } from '../types';
import { hotFunction } from './numba';

/** The function's source with `cpdef` and typed-local hints, as a Cython skeleton. */
export function cythonSkeleton(
  source: string,
  name: string,
  params: readonly string[]
): string {
  const typed = params.map(param => `double ${param}`).join(', ');
  const body = source
    .split('\n')
    .slice(
      source
        .split('\n')
        .findIndex(line => line.trimStart().startsWith('def ')) + 1
    );
  return [
    '# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True',
    'from libc.math cimport sin, cos, exp, log, sqrt',
    '',
    `cpdef double ${name}(${typed}):`,
    '    # TO FINISH: give loop counters and locals C types, e.g. `cdef Py_ssize_t i` and',
    '    # `cdef double x`, and replace math.f(...) by the C f(...) cimported above.',
    ...body
  ].join('\n');
}

/** The compiled-extension cells. */
export function cythonCells(
  origin: ICellOrigin,
  ctx: ITemplateContext
): IInsertCell[] {
  const hot = hotFunction(ctx);
  if (!hot) {
    return [
      insertCell(
        origin,
        'note',
        '**Compiled extension.** Move the hot loop into a function first; the Optimiser can then write a Cython skeleton of it.'
      )
    ];
  }
  const skeleton = cythonSkeleton(
    hot.fn.source,
    `${hot.fn.name}_c`,
    hot.fn.params
  );
  return [
    insertCell(
      origin,
      'template',
      [
        `# Optimiser (compiled-extension): a Cython skeleton of ${hot.fn.name} as ${hot.fn.name}_c.`,
        '# TO FINISH: add C types (see the comments in the source), then compare it with the original.',
        'import importlib.util',
        '',
        `cython_source = ${pyString(skeleton)}`,
        'if importlib.util.find_spec("Cython") is None:',
        '    print("Cython is not installed: pip install cython (and a C compiler), then run this cell again.")',
        'else:',
        '    from Cython.Build.Inline import cython_inline  # noqa: F401  (checks the installation)',
        '    import pyximport',
        '    import tempfile, pathlib, sys',
        '',
        '    build_dir = pathlib.Path(tempfile.mkdtemp(prefix="optimiser-cython-"))',
        `    (build_dir / "${hot.fn.name}_ext.pyx").write_text(cython_source)`,
        '    sys.path.insert(0, str(build_dir))',
        '    pyximport.install(language_level=3)',
        `    from ${hot.fn.name}_ext import ${hot.fn.name}_c`,
        `    print("compiled ${hot.fn.name}_c")`
      ].join('\n')
    ),
    insertCell(
      origin,
      'note',
      [
        '**The same as a cell magic:** run `%load_ext Cython`, then put this in a cell of its own:',
        '',
        '```',
        '%%cython',
        skeleton,
        '```'
      ].join('\n')
    )
  ];
}

/**
 * compiled-extension: the cell's hot function as Cython, with the C types the analysis is sure
 * of (see ../cython-types), compiled by the `%%cython` magic under the function's own name, so
 * the cell and the verify cell call the compiled version. Without Cython the Python function
 * stays, with a message saying how to install it; the `%%cython` form is shown in a note.
 */
import type { IInsertCell } from '../../contracts/advice';
import { insertCell, pyBlock } from '../../templates/cells';
import type { ICellOrigin } from '../../templates/cells';
import { cythonFunction } from '../../templates/cython-types';
import type { IRewrite } from '../../templates/rewrite';
import type { ITemplateContext } from '../../templates/types';
import type { IHotFunction } from '../numba-jit/render';
import { callSite, functionNode, targetFunction } from '../numba-jit/render';
import { mathNames } from '../numpy-vectorise/render';

/** The compiled-extension rewrite of a cell. */
export function cythonRewrite(ctx: ITemplateContext): IRewrite {
  const hot = targetFunction(ctx);
  const { run, outputs, call } = hot
    ? callSite(ctx, hot)
    : { run: ctx.source, outputs: [], call: undefined };
  const def = hot ? functionNode(ctx, hot) : null;
  const typed = def
    ? cythonFunction(def.parsed, def.node, call?.args ?? [], mathNames(ctx))
    : null;
  if (!hot || !typed) {
    return {
      summary: 'compile the hot code with Cython.',
      prepare: '',
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        'The optimiser found no function here to compile. Move the hot loop into a function of numbers, then ask again: it will write a typed Cython version of it.'
      ],
      cleanup: null
    };
  }
  const { fn } = hot;
  const todo =
    typed.untyped.length > 0
      ? [
          `${typed.untyped.join(', ')} ${typed.untyped.length === 1 ? 'stays a Python object' : 'stay Python objects'} (their C type was not certain): declare them (\`cdef double x\`, \`cdef long n\`, \`double[:] a\` for a float64 array) where you know the type, for more speed.`
        ]
      : [];
  return {
    summary:
      `${fn.name} is compiled to C by Cython, with C types for ${typed.typed.length > 0 ? typed.typed.join(', ') : 'nothing yet'}` +
      (hot.cellId === ctx.cellId
        ? '.'
        : ` (copied from cell ${hot.cellId}; later calls use the compiled version).`),
    prepare: cythonBuild(ctx, hot, typed.source),
    run: run.trimEnd(),
    outputs,
    todo,
    cleanup: null,
    extra: [
      magicNote(
        { rule: 'compiled-extension', cellId: ctx.cellId },
        typed.source
      )
    ]
  };
}

/** Python that compiles the typed source with %%cython, keeping the Python version as fallback. */
function cythonBuild(
  ctx: ITemplateContext,
  hot: IHotFunction,
  source: string
): string {
  const { fn } = hot;
  return [
    hot.cellId === ctx.cellId
      ? `# The Python ${fn.name}, kept if Cython cannot compile.\n${fn.source.trimEnd()}\n\n`
      : '',
    'import types',
    '',
    `cython_source = ${pyBlock(source)}`,
    'try:',
    '    import Cython  # noqa: F401',
    'except ImportError:',
    `    print("Cython is not installed: pip install cython (it needs a C compiler too). ${fn.name} stays the Python version.")`,
    'else:',
    '    # %%cython compiles once per source text (later runs reuse the build) and binds',
    `    # ${fn.name} in this notebook to the compiled function.`,
    '    if "Cython" not in get_ipython().extension_manager.loaded:',
    '        get_ipython().run_line_magic("load_ext", "Cython")',
    '    get_ipython().run_cell_magic("cython", "", cython_source)',
    `    if isinstance(${fn.name}, types.FunctionType):  # the magic prints build errors and carries on`,
    `        print("Cython could not compile ${fn.name} (see the messages above; is a C compiler installed?). ${fn.name} stays the Python version.")`
  ].join('\n');
}

function magicNote(origin: ICellOrigin, source: string): IInsertCell {
  return insertCell(
    origin,
    'note',
    [
      '**The same as a cell magic:** run `%load_ext Cython` once, then put this in a cell of its own. Add `-a` after `%%cython` to see which lines still call into Python (shown in yellow).',
      '',
      '```',
      '%%cython',
      source,
      '```'
    ].join('\n')
  );
}

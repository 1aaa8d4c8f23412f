/**
 * profile-first: the cell's code under cProfile, top functions by cumulative time, and a
 * line_profiler cell over the cell's own functions when line_profiler is installed.
 * It does not rewrite the code, so it has no verify cell.
 */
import type { IInsertCell } from '../../contracts/advice';
import type { ICellOrigin } from '../../templates/cells';
import { insertCell, pyString } from '../../templates/cells';
import { replaceLines } from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';

/** Functions the cell defines or calls that the notebook defines: what line_profiler should watch. */
export function userFunctions(ctx: ITemplateContext): string[] {
  const names = ctx.analysis.functions
    .filter(fn => !fn.nested)
    .map(fn => fn.name);
  for (const call of ctx.analysis.calls) {
    if (ctx.notebook?.definitions[call.name] && !names.includes(call.name)) {
      names.push(call.name);
    }
  }
  return names;
}

/** The profile-first cells. */
export function profileCells(
  origin: ICellOrigin,
  ctx: ITemplateContext
): IInsertCell[] {
  const functions = userFunctions(ctx);
  return [
    insertCell(origin, 'template', cProfileSource(ctx)),
    ...(functions.length > 0
      ? [insertCell(origin, 'template', lineProfileSource(ctx, functions))]
      : []),
    insertCell(
      origin,
      'note',
      '**Profile first.** Look at the functions at the top of the list above: optimise the one that takes most of the time, then ask the Optimiser again about the cell that holds it.'
    )
  ];
}

/** The cell's code run once under cProfile, with the top functions by cumulative time. */
function cProfileSource(ctx: ITemplateContext): string {
  return [
    `# Optimiser (profile-first): runs cell ${ctx.cellId}'s code once under cProfile and lists the`,
    '# functions where the time goes (cumulative: a function plus everything it calls).',
    '# Your variables end up as the original cell would leave them.',
    'import cProfile',
    'import pstats',
    '',
    `profiled_code = ${pyString(ctx.source)}`,
    'profiler = cProfile.Profile()',
    'profiler.enable()',
    'try:',
    '    exec(compile(get_ipython().transform_cell(profiled_code), "<profiled cell>", "exec"), globals())',
    'finally:',
    '    profiler.disable()',
    'stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")',
    'stats.print_stats(12)',
    'top = [(name, stat[3]) for (_, _, name), stat in stats.stats.items()',
    '       if name not in ("<module>", "run_code", "<built-in method builtins.exec>")]',
    'print("profile: top functions by cumulative time:", ", ".join(',
    '    f"{name}={seconds:.3g}s" for name, seconds in sorted(top, key=lambda item: -item[1])[:6]))'
  ].join('\n');
}

/** The cell run again with line_profiler watching `functions` (its own defined first). */
function lineProfileSource(
  ctx: ITemplateContext,
  functions: readonly string[]
): string {
  const own = ctx.analysis.functions.filter(fn => !fn.nested);
  let rest = ctx.source;
  for (const fn of [...own].sort((a, b) => b.line - a.line)) {
    rest = replaceLines(rest, fn.line, fn.endLine, '');
  }
  const defs = own.map(fn => fn.source).join('\n\n');
  return [
    `# Optimiser (profile-first): time per line inside ${functions.join(', ')} with line_profiler`,
    '# (runs the cell again). Install it with `pip install line_profiler` if it is missing.',
    'try:',
    '    from line_profiler import LineProfiler',
    'except ImportError:',
    '    print("line_profiler is not installed: pip install line_profiler")',
    'else:',
    ...(defs
      ? [
          `    definitions = ${pyString(defs)}`,
          "    # The cell's own functions, compiled under a name IPython caches like a cell's, so",
          '    # that line_profiler can show their source next to the timings.',
          '    exec(compile(definitions, get_ipython().compile.cache(definitions), "exec"), globals())'
        ]
      : []),
    '    line_profiler = LineProfiler()',
    `    watched = ${JSON.stringify(functions)}`,
    '    for name in watched:',
    '        globals()[name] = line_profiler(globals()[name])',
    '    try:',
    `        exec(compile(get_ipython().transform_cell(${pyString(rest.trim())}), "<line-profiled cell>", "exec"), globals())`,
    '    finally:',
    '        for name in watched:',
    '            globals()[name] = getattr(globals()[name], "__wrapped__", globals()[name])',
    '    line_profiler.print_stats(output_unit=1e-3, stripzeros=True)'
  ].join('\n');
}

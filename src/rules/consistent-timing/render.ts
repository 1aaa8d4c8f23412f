/**
 * consistent-timing: the cell run several times, with mean, spread and coefficient of variation.
 * It does not rewrite the code, so it has no verify cell.
 */
import type { IInsertCell } from '../../contracts/advice';
import type { ICellOrigin } from '../../templates/cells';
import { insertCell, pyString } from '../../templates/cells';
import type { ITemplateContext } from '../../templates/types';

/** The consistent-timing cells. */
export function timingCells(
  origin: ICellOrigin,
  ctx: ITemplateContext
): IInsertCell[] {
  return [
    insertCell(
      origin,
      'template',
      [
        `# Optimiser (consistent-timing): runs cell ${ctx.cellId}'s code several times to see how much its`,
        '# time varies. A coefficient of variation above ~10% means the machine is busy or the',
        '# cell does different work each run: compare timings only on repeated runs like these.',
        'import statistics',
        'import time',
        '',
        `timed_code = compile(get_ipython().transform_cell(${pyString(ctx.source)}), "<timed cell>", "exec")`,
        'run_times = []',
        'while len(run_times) < 5 and sum(run_times) < 60:',
        '    start = time.perf_counter()',
        '    exec(timed_code, globals())',
        '    run_times.append(time.perf_counter() - start)',
        'mean = statistics.fmean(run_times)',
        'spread = statistics.stdev(run_times) if len(run_times) > 1 else 0.0',
        'print(f"timing: runs={len(run_times)} mean={mean:.3g}s spread={spread:.2g}s "',
        '      f"min={min(run_times):.3g}s max={max(run_times):.3g}s cv={100 * spread / mean:.1f}%")'
      ].join('\n')
    )
  ];
}

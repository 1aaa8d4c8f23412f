/**
 * dask-partition: the cell's big array made a dask.array in chunks sized from the data and the
 * free memory (NumPy calls then run chunk by chunk), or an item loop mapped with dask.bag, on a
 * small `distributed.LocalCluster` that the check below closes. multi-node reuses the work part.
 */
import { USABLE_CORES, blocks } from '../../templates/cells';
import { callParts } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import {
  descendants,
  lineOf,
  replaceLines,
  textOf
} from '../../analysis/syntax';
import { editSource } from '../../templates/source';
import type { ITemplateContext } from '../../templates/types';
import { itemLoop } from '../pathos-pool/render';

/** NumPy constructors with a dask.array twin taking the same arguments plus `chunks=`. */
const TWINS = new Set(['arange', 'zeros', 'ones', 'full', 'empty', 'linspace']);

/** The dask version of the cell's work, without the cluster. */
export interface IDaskWork {
  what: string;
  imports: string;
  /** Python computing `chunk_elements` (arrays only), or ''. */
  sizing: string;
  run: string;
  outputs: string[];
}

/** The cell's work as dask code, or null when there is neither a big array nor an item loop. */
export function daskWork(ctx: ITemplateContext): IDaskWork | null {
  return arrayWork(ctx) ?? bagWork(ctx);
}

/** The cell's biggest array made as a dask.array in chunks, or null when none is found. */
function arrayWork(ctx: ITemplateContext): IDaskWork | null {
  const allocation = [...ctx.analysis.allocations].sort(
    (a, b) => (b.bytes ?? 0) - (a.bytes ?? 0)
  )[0];
  const parsed = ctx.parsed;
  const node = allocation
    ? descendants(parsed.tree.topNode).find(
        item =>
          item.name === 'CallExpression' &&
          textOf(parsed, item) === allocation.text &&
          lineOf(parsed.text, item.from) === allocation.line
      )
    : undefined;
  const parts = node ? callParts(parsed, node) : null;
  if (!allocation || !node || !parts) {
    return null;
  }
  const [owner, fn] = parts.callee.split('.');
  const numpy =
    ctx.analysis.imports.find(item => item.module === 'numpy')?.alias ?? 'np';
  const text =
    owner === numpy &&
    TWINS.has(fn) &&
    !parts.keywords.some(k => k.startsWith('chunks='))
      ? `da.${fn}(${[...parts.args.map(arg => textOf(parsed, arg)), ...parts.keywords].join(', ')}, chunks=chunk_elements)`
      : `da.from_array(${allocation.text}, chunks=chunk_elements)`;
  const run = editSource(ctx, 0, parsed.text.length, [
    { from: node.from, to: node.to, text }
  ]);
  const last = ctx.analysis.lastExpression;
  const names = ctx.analysis.assigned;
  return {
    what: `the array made on line ${allocation.line} is a dask.array in chunks; the NumPy calls on it run chunk by chunk on all cores, never holding the whole array and its temporaries at once`,
    imports: 'import dask.array as da\nimport psutil',
    sizing: [
      `total_bytes = ${allocation.bytes ?? 'None'}  # the array's size, from the code`,
      'available = psutil.virtual_memory().available',
      '# About 4 chunks per core, each small enough for every core to hold a few in free memory.',
      'chunk_bytes = int(max(8 * 2**20, min((total_bytes or available) / (4 * _cores), available / (8 * _cores), 256 * 2**20)))',
      'chunk_elements = max(1, chunk_bytes // 8)'
    ].join('\n'),
    run: run.trimEnd(),
    outputs:
      last !== null ? [last] : names.length > 0 ? [names[names.length - 1]] : []
  };
}

/** The cell's item loop as dask.bag tasks, one per item, or null when it has none. */
function bagWork(ctx: ITemplateContext): IDaskWork | null {
  const item = itemLoop(ctx);
  if (!item || item.collect === 'dict') {
    return null;
  }
  const replacement = blocks(
    item.definition,
    [
      `item_list = list(${item.items})`,
      '# One partition per item: each runs as one task on the cluster.',
      `mapped = db.from_sequence(item_list, npartitions=max(1, len(item_list))).map(${item.fn}).compute()`
    ].join('\n'),
    item.collect === 'sum'
      ? `${item.result} ${item.startsEmpty ? '=' : '+='} sum(mapped)`
      : item.startsEmpty
        ? `${item.result} = list(mapped)`
        : `${item.result}.extend(mapped)`
  );
  return {
    what: `${item.fn} runs on the items of ${item.items} as dask.bag tasks, one per item, on all cores`,
    imports: 'import dask.bag as db',
    sizing: '',
    run: replaceLines(
      ctx.source,
      item.loop.line,
      item.loop.endLine,
      replacement
    ).trimEnd(),
    outputs: defaultOutputs(ctx, [item.result])
  };
}

/** The dask-partition rewrite of a cell. */
export function daskRewrite(ctx: ITemplateContext): IRewrite {
  const work = daskWork(ctx);
  const cluster = [
    'from dask.distributed import Client, LocalCluster',
    '',
    '# A small cluster on this machine: one single-threaded worker process per usable core.',
    '# The check below closes it; without the check, run client.close(); cluster.close().',
    'cluster = LocalCluster(n_workers=_cores, threads_per_worker=1, dashboard_address=":0")',
    'client = Client(cluster)'
  ].join('\n');
  if (!work) {
    return {
      summary:
        'split the data into chunks dask can process in parallel and out of core.',
      prepare: blocks(USABLE_CORES, cluster),
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        'The optimiser found no large NumPy array made in this cell and no loop of independent items. Load your data with dask.array.from_array / dask.dataframe.read_csv (chunks of ~100 MB) or wrap the per-item work in dask.delayed.'
      ],
      cleanup: 'client.close()\ncluster.close()'
    };
  }
  return {
    summary: `${work.what}.`,
    prepare: blocks(USABLE_CORES, work.imports, work.sizing, cluster),
    run: work.run,
    outputs: work.outputs,
    todo: [],
    cleanup: 'client.close()\ncluster.close()'
  };
}

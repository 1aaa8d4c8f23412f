/**
 * multi-node: a dask-jobqueue cluster for the batch scheduler the probe saw (Slurm, PBS, LSF,
 * SGE) with a Client, running the cell's dask version of its work; a LocalCluster (with a message)
 * where there is no scheduler or dask-jobqueue. Loops over external programs also get the GNU
 * Parallel form over several nodes (`--sshloginfile`).
 */
import type { IInsertCell } from '../../advice/types';
import { USABLE_CORES, blocks, insertCell } from '../cells';
import type { IRewrite } from '../rewrite';
import type { ITemplateContext } from '../types';
import { daskWork } from './dask';

const CLUSTERS: Readonly<Record<string, string>> = {
  slurm: 'SLURMCluster',
  pbs: 'PBSCluster',
  lsf: 'LSFCluster',
  sge: 'SGECluster'
};

/** The multi-node rewrite of a cell. */
export function multiNodeRewrite(ctx: ITemplateContext): IRewrite {
  const scheduler = ctx.facts?.machine.scheduler ?? null;
  const kind = scheduler ? (CLUSTERS[scheduler.toLowerCase()] ?? null) : null;
  const work = daskWork(ctx);
  const cluster = [
    'from dask.distributed import Client, LocalCluster',
    '',
    `scheduler = ${kind ? JSON.stringify(scheduler) : 'None'}  # the batch scheduler seen on this machine`,
    'cluster = None',
    ...(kind
      ? [
          'try:',
          `    from dask_jobqueue import ${kind}`,
          '',
          '    # One batch job per worker: set cores, memory and walltime to what a node of yours offers.',
          `    cluster = ${kind}(cores=_cores, processes=_cores, memory="16GB", walltime="01:00:00")`,
          '    cluster.scale(jobs=2)  # two nodes; raise for more',
          'except ImportError:',
          '    print("dask-jobqueue is not installed (pip install dask-jobqueue): using this machine only.")'
        ]
      : [
          'print("No batch scheduler (Slurm/PBS/LSF/SGE) seen here: using a LocalCluster on this machine. On a cluster, use dask_jobqueue.SLURMCluster (or PBSCluster, ...) instead.")'
        ]),
    'if cluster is None:',
    '    cluster = LocalCluster(n_workers=_cores, threads_per_worker=1, dashboard_address=":0")',
    'client = Client(cluster)',
    'print("Dask dashboard:", client.dashboard_link)'
  ].join('\n');
  const extra: IInsertCell[] = [];
  if (ctx.analysis.subprocessLines.length > 0) {
    extra.push(
      insertCell(
        { rule: 'multi-node', cellId: ctx.cellId },
        'note',
        [
          '**External programs on several nodes with GNU Parallel.** List the nodes (one `host` or `cores/host` per line) in `nodes.txt`, then run the per-item script on all of them:',
          '',
          '```bash',
          'parallel --sshloginfile nodes.txt --workdir . --transferfile run_item.sh sh run_item.sh {} ::: item1 item2 item3',
          '```',
          '',
          'Under Slurm, `scontrol show hostnames "$SLURM_JOB_NODELIST" > nodes.txt` writes the list.'
        ].join('\n')
      )
    );
  }
  return {
    summary: `the work runs on a ${kind ?? 'Local'} cluster through a dask Client: ${work ? work.what : 'see the note below'}.`,
    prepare: blocks(USABLE_CORES, work?.imports, work?.sizing, cluster),
    run: (work?.run ?? ctx.source).trimEnd(),
    outputs: work?.outputs ?? [],
    todo: work
      ? []
      : [
          'The optimiser could not turn this cell into dask work; wrap the per-item work in dask.delayed or client.map(function, items) and gather the results with client.gather.'
        ],
    cleanup: 'client.close()\ncluster.close()',
    extra
  };
}

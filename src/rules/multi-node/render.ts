/**
 * multi-node: a dask-jobqueue cluster for the batch scheduler the probe saw (Slurm, PBS, LSF,
 * SGE) with a Client, running the cell's dask version of its work; a LocalCluster (with a message)
 * where there is no scheduler or dask-jobqueue. Loops over external programs also get the GNU
 * Parallel form over several nodes (`--sshloginfile`).
 */
import type { IInsertCell } from '../../contracts/advice';
import { USABLE_CORES, blocks, insertCell } from '../../templates/cells';
import type { IRewrite } from '../../templates/rewrite';
import type { ITemplateContext } from '../../templates/types';
import { daskWork } from '../dask-partition/render';

/** dask-jobqueue's cluster class and the submit command for each batch scheduler. */
const CLUSTERS: Readonly<Record<string, { cls: string; submit: string }>> = {
  slurm: { cls: 'SLURMCluster', submit: 'sbatch' },
  pbs: { cls: 'PBSCluster', submit: 'qsub' },
  lsf: { cls: 'LSFCluster', submit: 'bsub' },
  sge: { cls: 'SGECluster', submit: 'qsub' }
};

/** Memory per job for the template: 90% of this node's, as a first guess at a compute node's. */
function jobMemory(ctx: ITemplateContext): string {
  const bytes = ctx.facts?.machine.memory_bytes ?? null;
  return bytes
    ? `${Math.max(1, Math.floor((bytes * 0.9) / 2 ** 30))}GB`
    : '16GB';
}

/** The multi-node rewrite of a cell. */
export function multiNodeRewrite(ctx: ITemplateContext): IRewrite {
  const scheduler = ctx.facts?.machine.scheduler ?? null;
  const batch = scheduler ? (CLUSTERS[scheduler.toLowerCase()] ?? null) : null;
  const work = daskWork(ctx);
  const cluster = clusterSource(ctx, scheduler, batch);
  const extra: IInsertCell[] =
    ctx.analysis.subprocessLines.length > 0 ? [programsNote(ctx)] : [];
  return {
    summary: `the work runs on a ${batch?.cls ?? 'LocalCluster'} through a dask Client: ${work ? work.what : 'see the note below'}.`,
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

/** Python starting the cluster: a batch scheduler's jobs where one is seen, else this machine. */
function clusterSource(
  ctx: ITemplateContext,
  scheduler: string | null,
  batch: (typeof CLUSTERS)[string] | null
): string {
  return [
    'import shutil',
    '',
    'from dask.distributed import Client, LocalCluster',
    '',
    '',
    'def on_this_machine(reason):',
    '    print(reason + ": using a LocalCluster on this machine.")',
    '    return LocalCluster(n_workers=_cores, threads_per_worker=1, dashboard_address=":0")',
    '',
    '',
    `scheduler = ${batch ? JSON.stringify(scheduler) : 'None'}  # the batch scheduler seen on this machine`,
    ...(batch
      ? [
          'try:',
          `    from dask_jobqueue import ${batch.cls}`,
          'except ImportError:',
          '    cluster = on_this_machine("dask-jobqueue is not installed (pip install dask-jobqueue)")',
          'else:',
          `    if shutil.which(${JSON.stringify(batch.submit)}) is None:`,
          `        cluster = on_this_machine("${batch.submit} is not on this machine's PATH (run the notebook where jobs can be submitted)")`,
          '    else:',
          '        # One batch job per node: set cores, memory and walltime to what a node of yours offers.',
          `        cluster = ${batch.cls}(cores=_cores, processes=_cores, memory="${jobMemory(ctx)}", walltime="01:00:00")`,
          '        print(cluster.job_script())  # what each job runs: check its resources before it queues',
          '        cluster.scale(jobs=2)  # two nodes; raise for more'
        ]
      : [
          'cluster = on_this_machine("No batch scheduler (Slurm/PBS/LSF/SGE) seen here; on a cluster, dask_jobqueue.SLURMCluster (or PBSCluster, ...) spreads the work over nodes")'
        ]),
    'client = Client(cluster)',
    ...(batch
      ? [
          'if not isinstance(cluster, LocalCluster):',
          '    try:',
          '        client.wait_for_workers(1, timeout=300)',
          '    except Exception:  # no job started in time: queued, or failed',
          '        client.close()',
          '        cluster.close()',
          '        cluster = on_this_machine("No worker joined within 5 minutes (are the jobs still queued, or did they fail? see their log files)")',
          '        client = Client(cluster)'
        ]
      : []),
    'print("Dask dashboard:", client.dashboard_link)'
  ].join('\n');
}

/** How to run the cell's external programs on several nodes with GNU Parallel. */
function programsNote(ctx: ITemplateContext): IInsertCell {
  return insertCell(
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
  );
}

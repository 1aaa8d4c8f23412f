/**
 * `multi-node`: one node is full and a batch scheduler is there. The lesson: "Are you already fully
 * using parallelism on a single node? If not, then look into this first. If yes, then ... GNU
 * Parallel, Pathos, and Dask" also work across nodes.
 */
import type { IRuleInput } from '../../advice/context';
import { usesAllCores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';

/** Fires when the measured cell keeps every core busy and a scheduler can give more nodes. */
export function multiNode(input: IRuleInput): Finding | null {
  const scheduler = input.machine?.scheduler ?? null;
  if (scheduler === null || !input.measurement || !usesAllCores(input)) {
    return null;
  }
  const tool = input.cell.analysis.uses.dask
    ? 'the Dask code, on a cluster of jobs (dask-jobqueue),'
    : 'the work, with Dask on a cluster of jobs (dask-jobqueue) or GNU Parallel over nodes,';
  return {
    rule: 'multi-node',
    title: 'Spread the work over several nodes',
    why: [
      `This node is full: ${timing(input)}.`,
      `A ${scheduler} scheduler is available, so ${tool} can run on several nodes at once.`
    ].join(' '),
    evidence: [
      ...measuredEvidence(input),
      ...machineEvidence(input, ['cores', 'scheduler'])
    ],
    confidence: input.work.parallel ? 'high' : 'medium'
  };
}

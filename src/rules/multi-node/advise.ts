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
import { message } from '../../contracts/messages';

/** Fires when the measured cell keeps every core busy and a scheduler can give more nodes. */
export function multiNode(input: IRuleInput): Finding | null {
  const scheduler = input.machine?.scheduler ?? null;
  if (scheduler === null || !input.measurement || !usesAllCores(input)) {
    return null;
  }
  const tool = input.cell.analysis.uses.dask
    ? message('multi-node.tool-dask')
    : message('multi-node.tool-any');
  return {
    rule: 'multi-node',
    title: message('multi-node.title'),
    why: message('multi-node.why', {
      timing: timing(input),
      scheduler,
      tool
    }),
    evidence: [
      ...measuredEvidence(input),
      ...machineEvidence(input, ['cores', 'scheduler'])
    ],
    confidence: input.work.parallel ? 'high' : 'medium'
  };
}

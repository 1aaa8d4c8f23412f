/**
 * `numba-cuda`: a hand-written numeric kernel, already compiled with Numba, on a machine with a
 * GPU. The lesson: with no existing GPU library for the problem, "look into using Numba to compile
 * specific functions to run on the GPU".
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { cellOf, functionTarget } from '../../advice/phrases';
import { formatMessage, lineParam } from '../../contracts/messages';
import {
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import type { IEvidence } from '../../contracts/advice';
import * as words from '../../advice/words';

/** Fires when the cell runs Numba-compiled functions, a GPU is present and not used yet. */
export function numbaCuda(input: IRuleInput): Finding | null {
  const gpus = input.machine?.gpus ?? [];
  const compiled = input.work.compiled;
  if (gpus.length === 0 || input.work.gpu || compiled.length === 0) {
    return null;
  }
  const first = compiled[0];
  const place = first.sameCell
    ? `line ${first.def.line}`
    : formatMessage({
        id: 'code.defined-in',
        params: {
          cell: cellOf(input, first.cellId),
          line: lineParam(first.def.line, first.cellId)
        }
      });
  const evidence: IEvidence[] = [
    ...measuredEvidence(input),
    ...compiled.map(ref => ({
      kind: 'code' as const,
      text: `${ref.name} is compiled with @${ref.def.decorators[0] ?? 'numba'}`
    }))
  ];
  return {
    rule: 'numba-cuda',
    title: `Compile ${words.code(first.name)} for the GPU with Numba CUDA`,
    why: [
      `${words.code(first.name)} (${place}) is already compiled with Numba for the CPU; ${timing(input)}.`,
      `This machine has a GPU (${gpus[0].name}) and no library covers hand-written loops, so the next step is a CUDA kernel written with Numba.`
    ].join(' '),
    evidence: [...evidence, ...machineEvidence(input, ['gpu'])],
    confidence: input.measurement ? 'medium' : 'low',
    target: functionTarget(first)
  };
}

/**
 * `numba-cuda`: a hand-written numeric kernel, already compiled with Numba, on a machine with a
 * GPU. The lesson: with no existing GPU library for the problem, "look into using Numba to compile
 * specific functions to run on the GPU".
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { cellOf, functionTarget } from '../../advice/phrases';
import { lineParam, message } from '../../contracts/messages';
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
  const line = lineParam(first.def.line, first.cellId);
  const place = first.sameCell
    ? message('code.line', { line })
    : message('code.defined-in', { cell: cellOf(input, first.cellId), line });
  const evidence: IEvidence[] = [
    ...measuredEvidence(input),
    ...compiled.map(ref => ({
      kind: 'code' as const,
      text: message('code.compiled-with', {
        name: ref.name,
        decorator: ref.def.decorators[0] ?? 'numba'
      })
    }))
  ];
  return {
    rule: 'numba-cuda',
    title: message('numba-cuda.title', { name: words.code(first.name) }),
    why: message('numba-cuda.why', {
      name: words.code(first.name),
      place,
      timing: timing(input),
      gpu: gpus[0].name
    }),
    evidence: [...evidence, ...machineEvidence(input, ['gpu'])],
    confidence: input.measurement ? 'medium' : 'low',
    target: functionTarget(first)
  };
}

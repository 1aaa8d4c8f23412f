/**
 * `compiled-extension`: the last rung. The code is compiled with Numba, keeps the cores busy, and
 * there is no GPU or further node to move to. The lesson: "you may be up against the limits of what
 * Python can do for you ... rewriting the most computationally-intensive portions" in C++ or
 * Fortran, or with Cython.
 */
import type { IRuleInput } from '../../advice/context';
import { usesAllCores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { functionTarget } from '../../advice/phrases';
import {
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import { message } from '../../contracts/messages';
import * as words from '../../advice/words';

/** Fires when every earlier rung is done for this cell on this machine. */
export function compiledExtension(input: IRuleInput): Finding | null {
  const compiled = input.work.compiled;
  const machine = input.machine;
  if (!input.measurement || !machine || compiled.length === 0) {
    return null;
  }
  const coresDone = usesAllCores(input) || input.work.parallel;
  const gpuDone = machine.gpus.length === 0 || input.work.gpu;
  if (!coresDone || !gpuDone || machine.scheduler !== null) {
    return null;
  }
  const first = compiled[0];
  return {
    rule: 'compiled-extension',
    title: message('compiled-extension.title', {
      name: words.code(first.name)
    }),
    why: message('compiled-extension.why', {
      name: words.code(first.name),
      timing: timing(input)
    }),
    evidence: [
      ...measuredEvidence(input),
      {
        kind: 'code',
        text: message('code.compiled-with', {
          name: first.name,
          decorator: first.def.decorators[0] ?? 'numba'
        })
      },
      ...machineEvidence(input, ['cores', 'gpu', 'scheduler'])
    ],
    confidence: 'low',
    target: functionTarget(first)
  };
}

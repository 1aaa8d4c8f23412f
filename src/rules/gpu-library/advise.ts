/**
 * `gpu-library`: array code (NumPy, pandas) on a machine with a GPU. The lesson: "Check if there
 * are any existing libraries that are related to the problem you are solving. If so, then try
 * making use of these." CuPy and cuDF take NumPy and pandas code as it is.
 */
import type { IRuleInput } from '../../advice/context';
import { usesAllCores } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import {
  machineEvidence,
  measuredEvidence,
  timing
} from '../../advice/phrases';
import { hotCompiled } from '../../advice/hot';
import { isNumericLoop } from '../../advice/shapes';
import type { IEvidence } from '../../contracts/advice';
import { listParam, message } from '../../contracts/messages';
import * as words from '../../advice/words';

/** Fires for array-library cells on a machine with a GPU that the code does not use yet. */
export function gpuLibrary(input: IRuleInput): Finding | null {
  const gpus = input.machine?.gpus ?? [];
  const uses = input.cell.analysis.uses;
  const arrayCode =
    uses.numpy ||
    uses.pandas ||
    input.work.userCalls.some(ref => ref.def.arrayCalls.length > 0) ||
    readsArrays(input);
  if (gpus.length === 0 || input.work.gpu || !arrayCode) {
    return null;
  }
  // A custom kernel compiled with Numba is no library's call: that is Numba CUDA's case.
  if (hotCompiled(input).length > 0 || input.work.compiled.length > 0) {
    return null;
  }
  // Python loops come first (NumPy or Numba before moving them anywhere), unless the profile
  // shows the time is in compiled code already.
  if (
    !input.diagnosis.profiled &&
    (input.work.loops.some(isNumericLoop) ||
      input.cell.analysis.rowLoops.length > 0)
  ) {
    return null;
  }
  const library = uses.pandas && !uses.numpy ? 'cuDF' : 'CuPy';
  const calls = arrayCalls(input);
  const evidence: IEvidence[] = [...measuredEvidence(input)];
  evidence.push(
    ...calls.map(call => ({
      kind: 'code' as const,
      text: message('gpu-library.array-call', { name: call.name }),
      line: call.line
    }))
  );
  const pandas = uses.pandas && !uses.numpy;
  const names = listParam(calls.map(call => words.code(call.name)));
  const work = {
    library: pandas ? 'pandas' : 'NumPy',
    timing: timing(input)
  };
  const first = usesAllCores(input)
    ? calls.length > 0
      ? message('gpu-library.calls-named-busy', { ...work, names })
      : message('gpu-library.calls-busy', work)
    : calls.length > 0
      ? message('gpu-library.calls-named-cpu', { ...work, names })
      : message('gpu-library.calls-cpu', work);
  const gpu = { gpu: gpus[0].name, library };
  return {
    rule: 'gpu-library',
    title: message('gpu-library.title', { library }),
    why: message('sentences.two', {
      first,
      second:
        gpus.length === 1
          ? message('gpu-library.one-gpu', gpu)
          : message('gpu-library.gpus', { ...gpu, count: gpus.length })
    }),
    evidence: [...evidence, ...machineEvidence(input, ['cores', 'gpu'])],
    confidence:
      input.measurement === null
        ? 'low'
        : usesAllCores(input)
          ? 'high'
          : 'medium'
  };
}

/** Kinds of value the probe reports that CuPy or cuDF take as they are. */
const ARRAY_TYPES = new Set(['ndarray', 'DataFrame', 'Series']);

/**
 * The cell reads names the probe found bound to arrays or frames (`U[1:-1, 2:]` on arrays made in
 * another cell): array code without a NumPy call of its own.
 */
function readsArrays(input: IRuleInput): boolean {
  return input.cell.analysis.freeNames.some(name =>
    ARRAY_TYPES.has(input.variables[name]?.type ?? '')
  );
}

/** The cell's calls into NumPy / pandas, first few, as written. */
function arrayCalls(input: IRuleInput): { name: string; line: number }[] {
  const aliases = new Set(['np', 'numpy', 'pd', 'pandas']);
  input.cell.analysis.imports
    .filter(item => item.module === 'numpy' || item.module === 'pandas')
    .forEach(item => aliases.add(item.alias));
  const found: { name: string; line: number }[] = [];
  for (const call of input.cell.analysis.calls) {
    const known = found.some(item => item.name === call.name);
    if (!known && found.length < 3 && aliases.has(call.name.split('.')[0])) {
      found.push({ name: call.name, line: call.line });
    }
  }
  return found;
}

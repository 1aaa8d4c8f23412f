/**
 * numba-cuda: a `@cuda.jit` kernel with a grid-stride loop for the cell's element-wise loop, with
 * the NumPy version on machines without a CUDA GPU.
 */
import type { SyntaxNode } from '@lezer/common';

import type { ILoop } from '../../analysis/types';
import { blocks, indent } from '../../templates/cells';
import { loopHeader } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import {
  bodyOf,
  children,
  namesIn,
  replaceLines,
  statementAt,
  textOf
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import { vectoriseStatement } from '../numpy-vectorise/render';

/** A loop `for i in range(...): total += <term>`, read for a kernel. */
interface ISumLoop {
  loop: ILoop;
  node: SyntaxNode;
  /** The loop variable, the sum's name, the term added and the names the term reads. */
  target: string;
  result: string;
  term: string;
  params: string[];
  first: string;
  stop: string;
}

/** The numba-cuda rewrite: a kernel for the first loop with one element-wise statement. */
export function cudaRewrite(ctx: ITemplateContext): IRewrite {
  for (const loop of ctx.analysis.loops) {
    const sum = sumLoop(ctx, loop);
    if (sum) {
      return kernelRewrite(ctx, sum);
    }
  }
  return {
    summary: 'write the element-wise work as a CUDA kernel with Numba.',
    prepare: 'from numba import cuda',
    run: ctx.source.trimEnd(),
    outputs: [],
    todo: [
      'The optimiser found no loop over range() with one `total += <term>` statement to turn into a kernel. Write a @cuda.jit kernel with a grid-stride loop (start = cuda.grid(1); stride = cuda.gridsize(1)), launch it as kernel[blocks, 256](...), and copy the result back with copy_to_host().'
    ],
    cleanup: null
  };
}

/** The loop read as a sum over range() of one term, or null when it is not one. */
function sumLoop(ctx: ITemplateContext, loop: ILoop): ISumLoop | null {
  const parsed = ctx.parsed;
  const node =
    loop.kind === 'for' && loop.inFunction === null
      ? statementAt(parsed, loop.line)
      : null;
  const header = node ? loopHeader(parsed, node) : null;
  const body = node ? bodyOf(node) : [];
  const range =
    loop.iterable?.kind === 'range' ? (loop.iterable.rangeArgs ?? []) : [];
  if (
    !node ||
    !header ||
    header.targets.length !== 1 ||
    body.length !== 1 ||
    range.length === 0 ||
    range.length > 2
  ) {
    return null;
  }
  const parts = children(body[0]);
  const update =
    body[0].name === 'UpdateStatement' &&
    textOf(parsed, parts[1]) === '+=' &&
    parts[0].name === 'VariableName';
  if (!update) {
    return null;
  }
  const target = header.targets[0];
  const [first, stop] = range.length === 1 ? ['0', range[0]] : range;
  return {
    loop,
    node,
    target,
    result: textOf(parsed, parts[0]),
    term: textOf(parsed, parts[2]),
    params: namesIn(parsed, parts[2]).filter(
      name =>
        name !== target &&
        !['math', 'range', 'len', 'abs', 'min', 'max'].includes(name)
    ),
    first,
    stop
  };
}

/** The kernel's definition: one thread per term, in a grid-stride loop. */
function kernelSource(sum: ISumLoop): string {
  return [
    'from numba import cuda',
    '',
    '',
    `@cuda.jit`,
    `def ${sum.result}_terms(out, first${sum.params.map(p => `, ${p}`).join('')}):`,
    '    # Grid-stride loop: each thread handles every (grid size)-th element.',
    '    start = cuda.grid(1)',
    '    stride = cuda.gridsize(1)',
    '    for i in range(start, out.shape[0], stride):',
    `        ${sum.target} = first + i`,
    `        out[i] = ${sum.term}`
  ].join('\n');
}

/** The code in place of the loop: the launch on a CUDA GPU, else the loop as NumPy code. */
function launchSource(sum: ISumLoop, cpu: string): string {
  const { result, first, stop, params } = sum;
  return [
    `n_items = max(0, (${stop}) - (${first}))`,
    'if cuda.is_available():',
    '    threads_per_block = 256',
    '    blocks = min(4096, (n_items + threads_per_block - 1) // threads_per_block)',
    '    device_out = cuda.device_array(n_items, dtype=np.float64)',
    `    ${result}_terms[blocks, threads_per_block](device_out, ${first}${params.map(p => `, ${p}`).join('')})`,
    `    ${result} += float(device_out.copy_to_host().sum())`,
    'else:',
    '    print("No CUDA GPU here: running the CPU (NumPy) version instead.")',
    indent(cpu.trim())
  ].join('\n');
}

function kernelRewrite(ctx: ITemplateContext, sum: ISumLoop): IRewrite {
  const { loop, result } = sum;
  const cpu = vectoriseStatement(ctx, sum.node);
  return {
    summary: `the loop on line ${loop.line} runs as a CUDA kernel (${result}_terms), one GPU thread per element; without a CUDA GPU the NumPy version runs.`,
    prepare: blocks('import math\n\nimport numpy as np', kernelSource(sum)),
    run: replaceLines(
      ctx.source,
      loop.line,
      loop.endLine,
      launchSource(sum, cpu.code)
    ).trimEnd(),
    outputs: defaultOutputs(ctx, [result]),
    todo:
      cpu.changed.length === 0
        ? [
            'The NumPy fallback could not be written for this loop; fill in the else branch.'
          ]
        : [],
    cleanup: null
  };
}

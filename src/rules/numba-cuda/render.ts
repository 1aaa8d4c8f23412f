/**
 * numba-cuda: a `@cuda.jit` kernel with a grid-stride loop for the cell's element-wise loop, with
 * the NumPy version on machines without a CUDA GPU.
 */
import { blocks, indent } from '../../templates/cells';
import { loopHeader } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import {
  bodyOf,
  children,
  namesIn,
  parse,
  replaceLines,
  statementAt,
  textOf
} from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import { vectoriseSource } from '../numpy-vectorise/render';

/** The numba-cuda rewrite: a kernel for the first loop with one element-wise statement. */
export function cudaRewrite(ctx: ITemplateContext): IRewrite {
  const parsed = parse(ctx.source);
  const vectorised = vectoriseSource(ctx, ctx.source);
  for (const loop of ctx.analysis.loops) {
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
      continue;
    }
    const parts = children(body[0]);
    const update =
      body[0].name === 'UpdateStatement' &&
      textOf(parsed, parts[1]) === '+=' &&
      parts[0].name === 'VariableName';
    if (!update) {
      continue;
    }
    const target = header.targets[0];
    const result = textOf(parsed, parts[0]);
    const term = textOf(parsed, parts[2]);
    const params = namesIn(parsed, parts[2]).filter(
      name =>
        name !== target &&
        !['math', 'range', 'len', 'abs', 'min', 'max'].includes(name)
    );
    const [first, stop] = range.length === 1 ? ['0', range[0]] : range;
    const kernel = [
      'from numba import cuda',
      '',
      '',
      `@cuda.jit`,
      `def ${result}_terms(out, first${params.map(p => `, ${p}`).join('')}):`,
      '    # Grid-stride loop: each thread handles every (grid size)-th element.',
      '    start = cuda.grid(1)',
      '    stride = cuda.gridsize(1)',
      '    for i in range(start, out.shape[0], stride):',
      `        ${target} = first + i`,
      `        out[i] = ${term}`
    ].join('\n');
    const launch = [
      `n_items = max(0, (${stop}) - (${first}))`,
      'if cuda.is_available():',
      '    threads_per_block = 256',
      '    blocks = min(4096, (n_items + threads_per_block - 1) // threads_per_block)',
      '    device_out = cuda.device_array(n_items, dtype=np.float64)',
      `    ${result}_terms[blocks, threads_per_block](device_out, ${first}${params.map(p => `, ${p}`).join('')})`,
      `    ${result} += float(device_out.copy_to_host().sum())`,
      'else:',
      '    print("No CUDA GPU here: running the CPU (NumPy) version instead.")',
      indent(
        vectorised.code
          .split('\n')
          .slice(loop.line - 1)
          .join('\n')
          .split('\n')
          .filter(line => line.includes(result))
          .slice(0, 1)
          .join('\n') || 'pass'
      )
    ].join('\n');
    const cpu = vectoriseSource(ctx, textOf(parsed, node));
    const launchCode = launch.replace(
      /\n {4}(?!.*\n)[^\n]*$/,
      `\n${indent(cpu.code.trim())}`
    );
    return {
      summary: `the loop on line ${loop.line} runs as a CUDA kernel (${result}_terms), one GPU thread per element; without a CUDA GPU the NumPy version runs.`,
      prepare: blocks('import math\n\nimport numpy as np', kernel),
      run: replaceLines(
        ctx.source,
        loop.line,
        loop.endLine,
        launchCode
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

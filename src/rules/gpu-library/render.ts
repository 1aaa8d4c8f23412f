/**
 * gpu-library: the cell's NumPy code (or its NumPy rewrite) run by CuPy as a drop-in, falling
 * back to NumPy with a message when there is no GPU.
 */
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import { applyEdits, descendants, parse, textOf } from '../../analysis/syntax';
import type { ITemplateContext } from '../../templates/types';
import type { IVectorised } from '../numpy-vectorise/render';
import {
  rewroteAny,
  vectorisedOutputs,
  vectoriseCell
} from '../numpy-vectorise/render';

const PICK_XP = [
  'try:',
  '    import cupy as xp',
  '',
  '    xp.cuda.runtime.getDeviceCount()  # raises when there is no usable GPU',
  '    print("Running on the GPU with CuPy.")',
  'except Exception:',
  '    import numpy as xp',
  '',
  '    print("No GPU (or CuPy is not installed): running the same code with NumPy. On a GPU machine: pip install cupy-cuda12x")'
].join('\n');

/** `np.f(...)` -> `xp.f(...)` for every use of the NumPy alias in `code`. */
function toXp(code: string, alias: string): string {
  const parsed = parse(code);
  const edits = descendants(parsed.tree.topNode)
    .filter(
      node =>
        node.name === 'VariableName' &&
        textOf(parsed, node) === alias &&
        node.parent?.name === 'MemberExpression'
    )
    .map(node => ({ from: node.from, to: node.to, text: 'xp' }));
  return applyEdits(code, 0, code.length, edits);
}

/** The gpu-library rewrite of a cell. */
export function gpuRewrite(ctx: ITemplateContext): IRewrite {
  const alias =
    ctx.analysis.imports.find(item => item.module === 'numpy')?.alias ?? 'np';
  const arraysAlready =
    ctx.analysis.uses.numpy && ctx.analysis.loops.length === 0;
  const vectorised: IVectorised = arraysAlready
    ? {
        code: ctx.source,
        changed: ctx.analysis.assigned,
        kept: [],
        functions: []
      }
    : vectoriseCell(ctx);
  const todo = vectorised.kept.map(
    item => `The loop on line ${item.line} stays on the CPU: ${item.reason}`
  );
  if (ctx.analysis.uses.pandas) {
    todo.push(
      'For pandas code, load cudf.pandas before pandas is imported (`%load_ext cudf.pandas` at the top of the notebook): the same pandas code then runs on the GPU.'
    );
  }
  if (!rewroteAny(vectorised)) {
    todo.push(
      'Nothing here is NumPy array code yet; rewrite the loops as array expressions first (numpy-vectorise), then swap np for xp.'
    );
  }
  return {
    summary:
      'the array code runs on the GPU with CuPy (xp), or with NumPy when there is no GPU; results are CuPy arrays on a GPU (xp.asnumpy(...) brings them back).',
    prepare: PICK_XP,
    run: toXp(vectorised.code, alias).trimEnd(),
    outputs: arraysAlready
      ? defaultOutputs(ctx, [])
      : vectorisedOutputs(ctx, vectorised),
    todo,
    cleanup: null
  };
}

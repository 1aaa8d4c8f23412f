import type { ILoop } from '../analysis/types';
import type { ITemplateContext } from './types';

/**
 * True when a template may rewrite `loop` of the analysed cell: the finding is about that very
 * loop, or about no one loop (a function, the whole cell). A template renders its own finding's
 * target and never a loop it chose by itself.
 */
export function isTargetLoop(ctx: ITemplateContext, loop: ILoop): boolean {
  const target = ctx.finding.target;
  return target.kind !== 'loop' || loop.line === target.line;
}

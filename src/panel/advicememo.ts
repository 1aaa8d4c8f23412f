import type { AdviseFn, IAdviseContext } from './options';
import type { IAdvised } from './types';
import type { ICellInfo } from './types';

/**
 * The last advice asked for, reused while nothing it reads has changed: the same cell, notebook
 * content (a version the controller bumps on every edit), measurements snapshot and settings.
 * A refresh for a kernel status or a dismissal then costs no analysis.
 */
export class AdviceMemo {
  constructor(private readonly _advise: AdviseFn) {}

  /** The advice for the cell, from the pipeline or from the last identical request. */
  get(cell: ICellInfo, context: IAdviseContext, version: number): IAdvised {
    const last = this._last;
    if (
      last &&
      last.cellId === cell.id &&
      last.version === version &&
      last.context.notebookId === context.notebookId &&
      last.context.measurements === context.measurements &&
      last.context.config === context.config
    ) {
      return last.advice;
    }
    const advice = this._advise(cell, context);
    this._last = { cellId: cell.id, version, context, advice };
    return advice;
  }

  /** Forgets the last advice (another notebook, new settings). */
  clear(): void {
    this._last = null;
  }

  private _last: {
    cellId: string;
    version: number;
    context: IAdviseContext;
    advice: IAdvised;
  } | null = null;
}

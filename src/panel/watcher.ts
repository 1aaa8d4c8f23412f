import type { NotebookPanel } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';
import { DisposableDelegate } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';

/** What the panel reacts to in the followed notebook. */
export interface INotebookEvents {
  /** Another cell became active. */
  onActiveCell(): void;
  /** Text changed (typing): worth a debounced re-analysis. */
  onContent(): void;
  /** Cells were added, removed or moved. */
  onStructure(): void;
  /** The kernel's status changed (busy, idle, restarting, dead). */
  onKernel(): void;
  /** The notebook was renamed or moved. */
  onPath(newPath: string): void;
}

/** Connects the handlers to the notebook's signals; disposing disconnects them all. */
export function watchNotebook(
  notebook: NotebookPanel,
  events: INotebookEvents
): IDisposable {
  const disconnects: (() => void)[] = [];
  const on = <S, A>(
    signal: ISignal<S, A>,
    handler: (sender: S, args: A) => void
  ) => {
    signal.connect(handler);
    disconnects.push(() => signal.disconnect(handler));
  };
  on(notebook.content.activeCellChanged, () => events.onActiveCell());
  const model = notebook.content.model;
  if (model) {
    on(model.contentChanged, () => events.onContent());
    on(model.cells.changed, () => events.onStructure());
  }
  on(notebook.sessionContext.statusChanged, () => events.onKernel());
  on(notebook.context.pathChanged, (_, path) => events.onPath(path));
  return new DisposableDelegate(() =>
    disconnects.forEach(disconnect => disconnect())
  );
}

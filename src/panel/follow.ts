import type { ILabShell } from '@jupyterlab/application';
import type { INotebookTracker } from '@jupyterlab/notebook';

import type { OptimiserModel } from './model';

/**
 * The panel follows the current notebook; in Lab, leaving for another kind of document keeps the
 * last notebook on show, and a closed notebook gives way to the current one.
 */
export function followNotebooks(
  model: OptimiserModel,
  tracker: INotebookTracker,
  labShell: ILabShell | null
): void {
  model.setNotebook(tracker.currentWidget);
  tracker.currentChanged.connect((_, notebook) => {
    if (notebook) {
      model.setNotebook(notebook);
    }
  });
  tracker.widgetAdded.connect(() => {
    if (!model.notebook && tracker.currentWidget) {
      model.setNotebook(tracker.currentWidget);
    }
  });
  labShell?.currentChanged.connect(() => {
    if (tracker.currentWidget && tracker.currentWidget !== model.notebook) {
      model.setNotebook(tracker.currentWidget);
    }
  });
  tracker.widgetAdded.connect((_, notebook) =>
    notebook.disposed.connect(() => {
      if (model.notebook === notebook) {
        model.setNotebook(tracker.currentWidget);
      }
    })
  );
}

import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import type { ICellModel } from '@jupyterlab/cells';
import { IEditorExtensionRegistry } from '@jupyterlab/codemirror';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { lineMarks } from '../../panel/sections/profile/markers';
import { LineMarks, lineMarkerExtension } from '../linemarker';
import { IOptimiserModel } from '../tokens';

/** The shown cell's hot lines, marked in its editor. */
export const lineMarkerPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-optimiser:line-marker',
  description:
    "Marks each hot line of the Optimiser panel's shown cell in its editor, by its share of the latest run.",
  autoStart: true,
  requires: [IOptimiserModel, IEditorExtensionRegistry],
  optional: [ITranslator],
  activate: activateLineMarker
};

function activateLineMarker(
  app: JupyterFrontEnd,
  model: IOptimiserModel,
  registry: IEditorExtensionRegistry,
  translator: ITranslator | null
): void {
  const trans = (translator ?? nullTranslator).load('jupyterlab_optimiser');
  const marks = new LineMarks();
  registry.addExtension(lineMarkerExtension(marks, trans));
  followShownCell(model, marks);
}

/**
 * Keeps the marks on the panel's shown cell: its latest run's profile while that is on show
 * (profiling on, a profile taken), none on the cell shown before.
 */
export function followShownCell(
  model: IOptimiserModel,
  marks: LineMarks
): void {
  let marked: ICellModel | null = null;
  const update = () => {
    const selected = model.state?.selected ?? null;
    const cell = selected ? cellModel(model, selected.id) : null;
    if (marked && marked !== cell) {
      marks.hide(marked);
    }
    marked = cell;
    const run = selected?.runs[selected.runs.length - 1];
    if (!cell || !selected || !run) {
      return;
    }
    if (selected.profile?.kind !== 'profiled') {
      marks.hide(cell);
      return;
    }
    const lineCount = cell.sharedModel.getSource().split('\n').length;
    marks.show(cell, run, lineMarks(run, selected.id, lineCount));
  };
  model.stateChanged.connect(update);
  model.changed.connect(update);
}

function cellModel(model: IOptimiserModel, cellId: string): ICellModel | null {
  const cells = model.notebook?.content.model?.cells;
  if (!cells) {
    return null;
  }
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.id === cellId) {
      return cell;
    }
  }
  return null;
}

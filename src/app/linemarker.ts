/**
 * The line profile in the editor: each hot line of the panel's shown cell is tinted by its share
 * of the cell's latest run, with the share at the line's end. Drawn by a CodeMirror 6 view plugin
 * that JupyterLab's editor extension registry adds to every editor; the plugin reads the marks kept
 * here for its editor's model, so a cell editor made later (a windowed notebook scrolled to it)
 * shows them too. An edit clears a cell's marks until its next run.
 */
import { RangeSetBuilder, StateEffect } from '@codemirror/state';
import type { DecorationSet, EditorView, ViewUpdate } from '@codemirror/view';
import { Decoration, ViewPlugin, WidgetType } from '@codemirror/view';
import type { CodeEditor } from '@jupyterlab/codeeditor';
import type { IEditorExtensionFactory } from '@jupyterlab/codemirror';
import { EditorExtensionRegistry } from '@jupyterlab/codemirror';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import { Signal } from '@lumino/signaling';

import type { ILineMark } from '../panel/sections/profile/markers';
import { formatShare } from '../panel/sections/profile/markers';

/** The extension's name in the registry. */
export const LINE_MARKER_EXTENSION = 'jupyterlab-optimiser:line-profile';

interface IEntry {
  /** The run the marks come from (compared by identity). */
  readonly run: object;
  readonly marks: readonly ILineMark[];
  /** The cell was edited after that run: its marks stay away until another run. */
  readonly edited: boolean;
}

/** The marks of each editor model, set by the app and read by the editors' view plugins. */
export class LineMarks {
  /** Fires with the model whose marks changed. */
  get changed(): ISignal<this, CodeEditor.IModel> {
    return this._changed;
  }

  /** The marks the model's editors show now. */
  get(model: CodeEditor.IModel): readonly ILineMark[] {
    return this._entries.get(model)?.marks ?? [];
  }

  /**
   * Shows the marks of `run` in the model's editors. A cell edited since that run shows none:
   * its lines may no longer be the ones that ran.
   */
  show(
    model: CodeEditor.IModel,
    run: object,
    marks: readonly ILineMark[]
  ): void {
    const entry = this._entries.get(model);
    if (entry?.run === run && (entry.edited || sameMarks(entry.marks, marks))) {
      return;
    }
    this._entries.set(model, { run, marks, edited: false });
    if (marks.length > 0 || (entry?.marks.length ?? 0) > 0) {
      this._changed.emit(model);
    }
  }

  /** Takes the model's marks away (another cell is shown, profiling is off); an edit is kept. */
  hide(model: CodeEditor.IModel): void {
    const entry = this._entries.get(model);
    if (entry && entry.marks.length > 0) {
      this._entries.set(model, { ...entry, marks: [] });
      this._changed.emit(model);
    }
  }

  /**
   * The model's text changed: its marks go, for good for this run. Called from inside an editor
   * update, so it does not signal: each editor of the model clears its own decorations.
   */
  edited(model: CodeEditor.IModel): void {
    const entry = this._entries.get(model);
    if (entry) {
      this._entries.set(model, { run: entry.run, marks: [], edited: true });
    }
  }

  dispose(): void {
    Signal.clearData(this);
  }

  // Weak: a closed notebook's cell models go with it.
  private _entries = new WeakMap<CodeEditor.IModel, IEntry>();
  private _changed = new Signal<this, CodeEditor.IModel>(this);
}

function sameMarks(a: readonly ILineMark[], b: readonly ILineMark[]): boolean {
  return (
    a.length === b.length &&
    a.every((mark, i) => mark.line === b[i].line && mark.share === b[i].share)
  );
}

/** The editor extension for JupyterLab's registry (IEditorExtensionRegistry.addExtension). */
export function lineMarkerExtension(
  marks: LineMarks,
  trans: TranslationBundle
): IEditorExtensionFactory {
  return {
    name: LINE_MARKER_EXTENSION,
    factory: ({ model }) =>
      EditorExtensionRegistry.createImmutableExtension(
        ViewPlugin.define(view => new MarkerView(view, model, marks, trans), {
          decorations: plugin => plugin.decorations
        })
      )
  };
}

/** Asks a view to read its model's marks again. */
const refresh = StateEffect.define<null>();

/** One editor's markers. */
class MarkerView {
  constructor(
    view: EditorView,
    model: CodeEditor.IModel,
    marks: LineMarks,
    trans: TranslationBundle
  ) {
    this._view = view;
    this._model = model;
    this._marks = marks;
    this._trans = trans;
    this.decorations = decorate(view, marks.get(model), trans);
    marks.changed.connect(this._onChanged, this);
  }

  decorations: DecorationSet;

  update(update: ViewUpdate): void {
    if (update.docChanged) {
      this._marks.edited(this._model);
      this.decorations = Decoration.none;
    } else if (
      update.transactions.some(tr => tr.effects.some(e => e.is(refresh)))
    ) {
      this.decorations = decorate(
        update.view,
        this._marks.get(this._model),
        this._trans
      );
    }
  }

  destroy(): void {
    this._marks.changed.disconnect(this._onChanged, this);
  }

  private _onChanged(_: LineMarks, model: CodeEditor.IModel): void {
    if (model === this._model) {
      this._view.dispatch({ effects: refresh.of(null) });
    }
  }

  private _view: EditorView;
  private _model: CodeEditor.IModel;
  private _marks: LineMarks;
  private _trans: TranslationBundle;
}

/** A tinted line (its heat as a data attribute for the CSS) and its share at the line's end. */
function decorate(
  view: EditorView,
  marks: readonly ILineMark[],
  trans: TranslationBundle
): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  for (const mark of marks) {
    if (mark.line > doc.lines) {
      continue;
    }
    const line = doc.line(mark.line);
    const share = formatShare(trans, mark.share);
    const title = trans.__(
      '%1 of the last run: Python %2 · native %3 · waiting %4',
      share,
      formatShare(trans, mark.split.python),
      formatShare(trans, mark.split.native),
      formatShare(trans, mark.split.waiting)
    );
    builder.add(
      line.from,
      line.from,
      Decoration.line({
        class: 'jp-Optimiser-lineMark',
        attributes: { 'data-heat': String(mark.heat), title }
      })
    );
    builder.add(
      line.to,
      line.to,
      Decoration.widget({ widget: new ShareWidget(share, title), side: 1 })
    );
  }
  return builder.finish();
}

/** "42%" after a hot line's code. */
class ShareWidget extends WidgetType {
  constructor(
    readonly share: string,
    readonly title: string
  ) {
    super();
  }

  eq(other: ShareWidget): boolean {
    return other.share === this.share && other.title === this.title;
  }

  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'jp-Optimiser-lineShare';
    span.textContent = this.share;
    span.title = this.title;
    return span;
  }

  ignoreEvent(): boolean {
    return false;
  }
}

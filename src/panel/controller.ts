import type { NotebookPanel } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import type { IDisposable } from '@lumino/disposable';

import type { RuleId } from '../contracts/advice';
import type { IPanelActions } from './view';
import type {
  INotebookMeasurements,
  IMeasurements
} from '../contracts/measurements';
import { goToLine, showCell } from './actions';
import { AdviceMemo } from './advicememo';
import { resolveShown } from './cells';
import { kernelLanguage, measurementsFor, readCells } from './notebook';
import type { IControllerOptions } from './options';
import { DELAYS, SLICE_BUDGET_MS } from './options';
import type { IReadProgress } from './reader';
import { RefreshScheduler } from './scheduler';
import { buildPanelState } from './state';
import type { IAdvised, ICellInfo, IPanelState } from './types';
import { NOTHING_ADVISED } from './types';
import { watchNotebook } from './watcher';
import type { ISettings } from '../contracts/settings';
import { METADATA_KEY, readInsertedTag } from '../contracts/metadata';

export type {
  AdviseFn,
  IAdviseContext,
  IControllerOptions,
  InsertFn,
  ReadFn
} from './options';
export { DELAYS } from './options';
export { resolveShown } from './cells';

const FACTS_INTERVAL_MS = 10_000;
/** While a large notebook is read, the "reading" count on show is brought up to date this often. */
const PROGRESS_INTERVAL_MS = 250;
/** Unread cells a refresh reads itself (an edit); more are read by the timer. */
const INLINE_READ_CELLS = 4;

/**
 * Keeps the panel's state in step with the followed notebook: watches its cells, executions and
 * measurements, rebuilds the state through a scheduler (debounced, one at a time, never while
 * hidden) and carries out what the views ask for. Code the analysis has not read yet is read a
 * slice at a time between other tasks, the panel saying "reading N cells" meanwhile, so opening
 * a large notebook never blocks the page.
 */
export class PanelController implements IDisposable {
  constructor(options: IControllerOptions) {
    this._options = options;
    this._config = options.config;
    this._adviceMemo = new AdviceMemo(options.advise);
    this._scheduler = new RefreshScheduler(
      () => this._refresh(),
      options.isActive
    );
    const { model, measurements, memory } = options;
    model.changed.connect(this._onModelChanged, this);
    measurements?.changed.connect(this._onMeasured, this);
    memory.changed.connect(this._onMemory, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    void options.parserReady?.then(() =>
      this._scheduler.schedule(DELAYS.immediate)
    );
    this._onModelChanged();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The views' callbacks. */
  readonly actions: IPanelActions = {
    onSelectCell: cellId =>
      this._withNotebook(nb => void showCell(this._options.model, nb, cellId)),
    onGoToLine: (cellId, line) =>
      this._withNotebook(nb => {
        const shown = this._options.model.state?.selected?.id ?? cellId;
        void goToLine(this._options.model, nb, cellId, line, shown);
      }),
    onInsert: (cellId, rule) => this._insert(cellId, rule),
    onDismiss: (cellId, rule, dismissed) =>
      this._withNotebook(nb =>
        this._options.memory.setDismissed(
          nb.context.path,
          cellId,
          rule,
          dismissed
        )
      ),
    onTick: (id, ticked) =>
      this._withNotebook(nb =>
        this._options.memory.setTicked(nb.context.path, id, ticked)
      ),
    onCopy: text => this._options.copy(text)
  };

  /** New settings: the state is rebuilt with them. */
  setConfig(config: ISettings): void {
    this._config = config;
    this._adviceMemo.clear();
    this._scheduler.schedule(DELAYS.immediate);
  }

  /** The panel was shown: catch up, and ask the kernel for fresh facts if it is idle. */
  resume(): void {
    this._scheduler.resume();
    this._scheduler.schedule(DELAYS.immediate);
    this._maybeRefreshFacts();
  }

  /** Rebuilds the state now (tests and benchmarks); normally the scheduler calls it. */
  refreshNow(): Promise<void> {
    return this._refresh();
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._unwatch();
    this._stopReading();
    this._scheduler.dispose();
    const { model, measurements, memory } = this._options;
    model.changed.disconnect(this._onModelChanged, this);
    measurements?.changed.disconnect(this._onMeasured, this);
    memory.changed.disconnect(this._onMemory, this);
    NotebookActions.executed.disconnect(this._onExecuted, this);
  }

  private _withNotebook(action: (notebook: NotebookPanel) => void): void {
    const notebook = this._options.model.notebook;
    if (notebook && !notebook.isDisposed) {
      action(notebook);
    }
  }

  private async _insert(cellId: string, rule: RuleId): Promise<void> {
    const notebook = this._options.model.notebook;
    const card = this._options.model.state?.selected?.cards.find(
      item => item.advice.rule === rule
    );
    if (
      !notebook ||
      !card ||
      this._options.model.state?.selected?.id !== cellId
    ) {
      throw new Error(`no advice ${rule} for this cell`);
    }
    await this._options.insert(notebook, cellId, rule, card.advice.insert);
    this._scheduler.schedule(DELAYS.structure);
  }

  private _onModelChanged(): void {
    const notebook = this._options.model.notebook;
    if (notebook !== this._watched) {
      this._watch(notebook);
    }
    this._scheduler.schedule(DELAYS.immediate);
    if (this._options.model.selectedCellId !== null) {
      this._maybeRefreshFacts(); // "Optimise this cell": worth fresh variable sizes
    }
  }

  private _onMeasured(_: IMeasurements, notebookId: string): void {
    if (notebookId === this._watched?.id) {
      this._scheduler.schedule(DELAYS.measured);
    }
  }

  private _onExecuted(_: unknown, args: { notebook: unknown }): void {
    if (args.notebook === this._watched?.content) {
      this._scheduler.schedule(DELAYS.executed);
    }
  }

  private _onMemory(): void {
    this._scheduler.schedule(DELAYS.immediate);
  }

  private _watch(notebook: NotebookPanel | null): void {
    this._unwatch();
    this._stopReading();
    this._watched = notebook;
    this._adviceMemo.clear();
    this._watcher = notebook
      ? watchNotebook(notebook, {
          onActiveCell: () => this._onActiveCell(),
          onContent: () => this._onContent(),
          onStructure: () => this._onStructure(),
          onKernel: () => this._scheduler.schedule(DELAYS.measured),
          onPath: path => this._onPath(path)
        })
      : null;
  }

  private _unwatch(): void {
    this._watcher?.dispose();
    this._watcher = null;
    this._watched = null;
  }

  private _onActiveCell(): void {
    const { model } = this._options;
    const notebook = this._watched;
    const pinned = model.selectedCellId;
    const active = notebook?.content.activeCell?.model ?? null;
    if (notebook && pinned !== null && active) {
      const tag = readInsertedTag(active.getMetadata(METADATA_KEY));
      if ((tag?.sourceCell ?? active.id) !== pinned) {
        model.selectCell(notebook, null); // the user moved on: follow the active cell again
      }
    }
    this._scheduler.schedule(DELAYS.immediate);
  }

  private _onContent(): void {
    this._contentVersion++;
    this._scheduler.schedule(DELAYS.typing, true);
  }

  private _onStructure(): void {
    this._contentVersion++;
    this._scheduler.schedule(DELAYS.structure);
  }

  private _onPath(newPath: string): void {
    if (this._path !== null) {
      this._options.memory.rename(this._path, newPath);
    }
    this._path = newPath;
    this._scheduler.schedule(DELAYS.immediate);
  }

  private _maybeRefreshFacts(): void {
    const notebook = this._watched;
    const service = this._options.measurements;
    if (!notebook || !service || !this._options.isActive()) {
      return;
    }
    const current = service.get(notebook.id);
    const now = Date.now();
    if (
      current?.status !== 'probed' ||
      current.running ||
      now - this._factsAt < FACTS_INTERVAL_MS
    ) {
      return;
    }
    this._factsAt = now;
    void service
      .refreshFacts(notebook.id)
      .catch(reason => console.warn('Optimiser: facts refresh failed', reason));
  }

  private async _refresh(): Promise<void> {
    const notebook = this._watched;
    const { model } = this._options;
    if (!notebook || notebook.isDisposed) {
      model.setState(null);
      return;
    }
    this._path = notebook.context.path;
    const cells = readCells(notebook);
    const measurements = measurementsFor(notebook, this._options.measurements);
    const selectedId = resolveShown(
      model.selectedCellId ?? notebook.content.activeCell?.model.id ?? null,
      cells
    );
    const workspace = this._options.workspace;
    if (workspace.isStale(this._path)) {
      void workspace
        .refresh(this._path)
        .then(() => this._scheduler.schedule(DELAYS.immediate));
    }
    const reading = this._readingProgress(notebook.id, cells);
    const state = buildPanelState({
      notebook: { name: notebook.title.label, path: this._path },
      cells,
      measurements,
      fallback: this._options.measurements === null,
      language: kernelLanguage(notebook),
      selectedId,
      advise: reading
        ? () => NOTHING_ADVISED // until every cell is read: the advice needs them all
        : cell => this._advise(cell, cells, measurements),
      config: this._config,
      dismissed: cellId =>
        this._options.memory.dismissed(this._path ?? '', cellId),
      ticked: this._options.memory.ticked(this._path),
      workspace: workspace.peek(this._path)
    });
    this._setState(state, reading);
  }

  /**
   * Reads the few unread cells an edit leaves, and says how far the reading is; null once it is
   * all read. More are read slice by slice from a timer, the first slice after this refresh.
   */
  private _readingProgress(
    notebookId: string,
    cells: readonly ICellInfo[]
  ): IReadProgress | null {
    const read = this._options.read;
    let progress = read ? read(notebookId, cells, 0) : null;
    // A few cells (an edit) are read here; more are left to the timer, one slice per task.
    if (
      read &&
      progress &&
      this._readTimer === null &&
      progress.total - progress.read <= INLINE_READ_CELLS
    ) {
      progress = read(notebookId, cells, SLICE_BUDGET_MS);
    }
    if (!progress || progress.read >= progress.total) {
      this._stopReading();
      return null;
    }
    if (progress.parserMissing) {
      this._stopReading(); // options.parserReady refreshes once the parser is there
      return progress;
    }
    this._toRead = cells;
    if (this._readTimer === null) {
      this._readTimer = setTimeout(this._readSlice, DELAYS.slice);
    }
    return progress;
  }

  /** One slice of reading, then the next after the page's other tasks; a refresh at the end. */
  private _readSlice = (): void => {
    this._readTimer = null;
    const notebook = this._watched;
    const read = this._options.read;
    if (
      !notebook ||
      notebook.isDisposed ||
      !read ||
      !this._options.isActive()
    ) {
      return; // hidden: resume() refreshes, which reads on
    }
    const progress = read(notebook.id, this._toRead, SLICE_BUDGET_MS);
    if (progress.read >= progress.total) {
      this._readTimer = setTimeout(
        () => this._adviseAhead(notebook),
        DELAYS.slice
      );
      return;
    }
    const state = this._options.model.state;
    if (state && Date.now() - this._progressAt >= PROGRESS_INTERVAL_MS) {
      this._setState(state, progress);
    }
    this._readTimer = setTimeout(this._readSlice, DELAYS.slice);
  };

  /**
   * The shown cell's advice, once all is read, in a task of its own (the memo keeps it), then the
   * refresh that shows it: neither task is long.
   */
  private _adviseAhead(notebook: NotebookPanel): void {
    this._readTimer = null;
    const cells = this._toRead;
    this._toRead = [];
    const shown = this._options.model.state?.selected ?? null;
    const cell = shown ? cells.find(item => item.id === shown.id) : undefined;
    if (notebook === this._watched && cell?.type === 'code') {
      this._advise(
        cell,
        cells,
        measurementsFor(notebook, this._options.measurements)
      );
    }
    this._scheduler.schedule(DELAYS.immediate);
  }

  private _stopReading(): void {
    if (this._readTimer !== null) {
      clearTimeout(this._readTimer);
      this._readTimer = null;
    }
    this._toRead = [];
  }

  private _setState(state: IPanelState, reading: IReadProgress | null): void {
    if (reading) {
      this._progressAt = Date.now();
    }
    this._options.model.setState(reading ? { ...state, reading } : state);
  }

  /** The pipeline's advice for the shown cell (memoised). */
  private _advise(
    cell: ICellInfo,
    cells: readonly ICellInfo[],
    measurements: INotebookMeasurements
  ): IAdvised {
    // JupyterLab's own timings carry no CPU time: the advice would misread them, so it reads the
    // code only. The snapshot is kept as it is otherwise, so the memo recognises it.
    const measured = this._options.measurements
      ? measurements
      : { ...measurements, runs: {} };
    const context = {
      notebookId: this._watched?.id ?? '',
      cells,
      measurements: measured,
      config: this._config
    };
    return this._adviceMemo.get(cell, context, this._contentVersion);
  }

  private _options: IControllerOptions;
  private _config: ISettings;
  private _adviceMemo: AdviceMemo;
  private _scheduler: RefreshScheduler;
  private _watched: NotebookPanel | null = null;
  private _path: string | null = null;
  private _watcher: IDisposable | null = null;
  private _contentVersion = 0;
  private _factsAt = 0;
  private _readTimer: ReturnType<typeof setTimeout> | null = null;
  private _toRead: readonly ICellInfo[] = [];
  private _progressAt = 0;
  private _isDisposed = false;
}

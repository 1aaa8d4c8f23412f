import type { NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import {
  advice,
  advised,
  cell,
  CONFIG,
  FACTS,
  insertedCell,
  run
} from './__tests__/fixtures';
import type { IRunRecord } from '../contracts/facts';
import { OptimiserModel } from './model';
import type {
  INotebookMeasurements,
  IMeasurements
} from '../contracts/measurements';
import type { AdviseFn, InsertFn } from './controller';
import { DELAYS, PanelController, resolveShown } from './controller';
import { PanelMemory } from './memory';
import type { IPanelState } from './types';
import { WorkspaceCache } from './sections/checklist/workspace';

/** The measurement service as the probe plugin provides it, driven by the test. */
class FakeMeasurements implements IMeasurements {
  readonly changed: Signal<IMeasurements, string> = new Signal<
    IMeasurements,
    string
  >(this);
  readonly refreshFacts = jest.fn(() => Promise.resolve());
  data = new Map<string, INotebookMeasurements>();
  get(id: string): INotebookMeasurements | null {
    return this.data.get(id) ?? null;
  }
  record(
    id: string,
    runs: Record<string, IRunRecord[]>,
    extra: Partial<INotebookMeasurements> = {}
  ): void {
    this.data.set(id, {
      status: 'probed',
      message: null,
      runs,
      facts: FACTS,
      running: null,
      ...extra
    });
    this.changed.emit(id);
  }
}

describe('PanelController', () => {
  let panel: NotebookPanel;
  let model: OptimiserModel;
  let service: FakeMeasurements;
  let memory: PanelMemory;
  let active: boolean;
  let advise: jest.Mock<ReturnType<AdviseFn>, Parameters<AdviseFn>>;
  let insert: jest.Mock<ReturnType<InsertFn>, Parameters<InsertFn>>;
  let controller: PanelController;
  let checks: number;

  const ids = () => panel.content.widgets.map(widget => widget.model.id);
  const codeIds = () =>
    panel.content.widgets
      .filter(widget => widget.model.type === 'code')
      .map(widget => widget.model.id);
  const nextState = () =>
    new Promise<IPanelState | null>(resolve => {
      const once = (_: OptimiserModel, state: IPanelState | null) => {
        model.stateChanged.disconnect(once);
        resolve(state);
      };
      model.stateChanged.connect(once);
    });

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    NBTestUtils.populateNotebook(panel.content);
    Widget.attach(panel, document.body);
    model = new OptimiserModel();
    service = new FakeMeasurements();
    memory = new PanelMemory(null);
    active = true;
    checks = 0;
    advise = jest.fn<ReturnType<AdviseFn>, Parameters<AdviseFn>>(cellInfo =>
      cellInfo.type === 'code'
        ? advised(advice('numpy-vectorise'), advice('numba-jit'))
        : advised()
    );
    insert = jest.fn<ReturnType<InsertFn>, Parameters<InsertFn>>(() =>
      Promise.resolve()
    );
    controller = new PanelController({
      model,
      measurements: service,
      memory,
      workspace: new WorkspaceCache(async () => {
        checks++;
        return { git: { state: 'found', folder: '' }, tests: '' };
      }),
      advise,
      insert,
      copy: jest.fn(),
      isActive: () => active,
      config: CONFIG
    });
  });

  afterEach(() => {
    controller.dispose();
    model.dispose();
    panel.dispose();
  });

  it('builds the state for the active cell of the followed notebook', async () => {
    const [first] = codeIds();
    panel.content.activeCellIndex = ids().indexOf(first);
    service.record(panel.id, { [first]: [run(3), run(3.3)] });
    model.setNotebook(panel);
    await controller.refreshNow();
    const state = model.state!;
    expect(state.notebook.path).toBe(panel.context.path);
    expect(state.kernel.status).toBe('probed');
    expect(state.timings.map(timing => timing.id)).toEqual([first]);
    expect(state.selected?.id).toBe(first);
    expect(state.selected?.cards.map(card => card.advice.rule)).toEqual([
      'numpy-vectorise',
      'numba-jit'
    ]);
    expect(state.machine?.machine.cores).toBe(16);
    expect(advise.mock.calls[0][1].config).toBe(CONFIG);
  });

  it('updates within 200 ms of a run being measured', async () => {
    model.setNotebook(panel);
    await controller.refreshNow();
    const [first] = codeIds();
    await new Promise(resolve => setTimeout(resolve, 0)); // let the refresh asked for above run
    jest.useFakeTimers();
    try {
      service.record(panel.id, { [first]: [run(12.4)] });
      jest.advanceTimersByTime(DELAYS.measured - 1);
      expect(model.state?.timings).toEqual([]); // debounced: bursts of records make one refresh
      const started = performance.now();
      jest.advanceTimersByTime(1);
      const took = performance.now() - started;
      expect(model.state?.timings[0]).toMatchObject({ id: first, lastS: 12.4 });
      expect(DELAYS.measured + took).toBeLessThan(200);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does no analysis and no kernel request while hidden, and catches up when shown', async () => {
    model.setNotebook(panel);
    await controller.refreshNow();
    const calls = advise.mock.calls.length;
    active = false;
    const [first] = codeIds();
    service.record(panel.id, { [first]: [run(5)] });
    controller.resume(); // a show that came while still hidden does nothing either
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(advise.mock.calls.length).toBe(calls);
    expect(service.refreshFacts).not.toHaveBeenCalled();
    expect(model.state?.timings).toEqual([]);

    active = true;
    const updated = nextState();
    controller.resume();
    expect((await updated)?.timings.map(timing => timing.id)).toEqual([first]);
    expect(service.refreshFacts).toHaveBeenCalledWith(panel.id);
  });

  it('does not ask the kernel for facts while a cell runs', () => {
    const [first] = codeIds();
    service.record(
      panel.id,
      {},
      { running: { cellId: first, since: Date.now() } }
    );
    model.setNotebook(panel);
    controller.resume();
    expect(service.refreshFacts).not.toHaveBeenCalled();
  });

  it('keeps a cell chosen with "Optimise this cell" while its inserted cells are worked on', async () => {
    const [first, second] = codeIds();
    model.setNotebook(panel);
    model.selectCell(panel, second);
    panel.content.model!.sharedModel.insertCells(ids().indexOf(second) + 1, [
      {
        cell_type: 'code',
        source: 'new()',
        metadata: {
          'jupyterlab-optimiser': {
            rule: 'numba-jit',
            source_cell: second,
            role: 'rewrite'
          }
        }
      }
    ]);
    panel.content.activeCellIndex = ids().indexOf(second) + 1;
    expect(model.selectedCellId).toBe(second);
    await controller.refreshNow();
    expect(model.state?.selected?.id).toBe(second);

    panel.content.activeCellIndex = ids().indexOf(first);
    expect(model.selectedCellId).toBeNull(); // the user moved on
    await controller.refreshNow();
    expect(model.state?.selected?.id).toBe(first);
  });

  it('remembers a dismissal for that cell only', async () => {
    const [first, second] = codeIds();
    panel.content.activeCellIndex = ids().indexOf(first);
    model.setNotebook(panel);
    await controller.refreshNow();
    controller.actions.onDismiss(first, 'numpy-vectorise', true);
    await controller.refreshNow();
    expect(model.state?.selected?.cards.map(card => card.advice.rule)).toEqual([
      'numba-jit'
    ]);
    expect(model.state?.selected?.dismissed.map(item => item.rule)).toEqual([
      'numpy-vectorise'
    ]);
    expect(memory.dismissed(panel.context.path, first)).toEqual([
      'numpy-vectorise'
    ]);
    expect(memory.dismissed(panel.context.path, second)).toEqual([]);
  });

  it("inserts the advice's cells below the shown cell", async () => {
    const [first] = codeIds();
    panel.content.activeCellIndex = ids().indexOf(first);
    model.setNotebook(panel);
    await controller.refreshNow();
    await controller.actions.onInsert(first, 'numba-jit');
    expect(insert).toHaveBeenCalledWith(
      panel,
      first,
      'numba-jit',
      advice('numba-jit').insert
    );
    await expect(
      controller.actions.onInsert(first, 'gpu-library')
    ).rejects.toThrow(/no advice/);
  });

  it('re-analyses once after a burst of typing', async () => {
    const [first] = codeIds();
    panel.content.activeCellIndex = ids().indexOf(first);
    model.setNotebook(panel);
    await controller.refreshNow();
    const calls = advise.mock.calls.length;
    const source = panel.content.activeCell!.model.sharedModel;
    const updated = nextState();
    for (const text of ['x', 'x =', 'x = 1']) {
      source.setSource(text);
    }
    const state = await updated;
    expect(advise.mock.calls.length).toBe(calls + 1);
    expect(state?.selected?.label).toBe('x = 1');
  });

  it('checks the folder once, not on every refresh', async () => {
    model.setNotebook(panel);
    await controller.refreshNow();
    await controller.refreshNow();
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(checks).toBe(1);
    expect(model.state?.checklist[0]).toMatchObject({
      id: 'version-control',
      state: 'done'
    });
  });

  it('moves the cursor to a cited line', async () => {
    const [first] = codeIds();
    model.setNotebook(panel);
    panel.content.widgets[ids().indexOf(first)].model.sharedModel.setSource(
      'a = 1\nb = 2\nc = 3'
    );
    controller.actions.onGoToLine(first, 2);
    await new Promise(resolve => setTimeout(resolve, 50));
    const widget = panel.content.widgets[ids().indexOf(first)];
    expect(panel.content.activeCell).toBe(widget);
    expect(widget.editor?.getCursorPosition()).toEqual({ line: 1, column: 0 });
    expect(model.selectedCellId).toBe(first);
  });

  it('shows the kernel state from JupyterLab when the measurement plugin is absent', async () => {
    controller.dispose();
    controller = new PanelController({
      model,
      measurements: null,
      memory,
      workspace: new WorkspaceCache(async () => ({ git: null, tests: null })),
      advise,
      insert,
      copy: jest.fn(),
      isActive: () => active,
      config: CONFIG
    });
    const [first] = codeIds();
    panel.content
      .model!.cells.get(ids().indexOf(first))
      .setMetadata('execution', {
        'shell.execute_reply.started': '2024-01-01T10:00:00.000Z',
        'shell.execute_reply': '2024-01-01T10:00:02.500Z'
      });
    model.setNotebook(panel);
    await controller.refreshNow();
    expect(model.state?.kernel.fallback).toBe(true);
    expect(model.state?.timings[0]).toMatchObject({ id: first, lastS: 2.5 });
  });
});

describe('resolveShown', () => {
  const cells = [
    cell('a', 1, 'x'),
    insertedCell('b', 2, { rule: 'numba-jit', sourceCell: 'a' }),
    insertedCell('c', 3, { rule: 'numba-jit', sourceCell: 'gone' })
  ];
  it.each([
    [null, null],
    ['a', 'a'],
    ['b', 'a'],
    ['c', 'c'],
    ['zzz', 'zzz']
  ])('%s shows %s', (id, expected) => {
    expect(resolveShown(id, cells)).toBe(expected);
  });
});

/**
 * The controller reads a large notebook's code in slices with the real analysis: the panel shows
 * the cell at once with "reading N cells", advises once every cell is read, and reads nothing while
 * hidden.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';

import { parser as bundled } from '@lezer/python';

import { installPythonParser } from '../analysis/parser';
import { CONFIG } from './__tests__/fixtures';
import { createAdviser } from './advise';
import { PanelController } from './controller';
import { PanelMemory } from './memory';
import { OptimiserModel } from './model';
import type { IControllerOptions, ReadFn } from './options';
import { SLICE_BUDGET_MS } from './options';
import { WorkspaceCache } from './sections/checklist/workspace';
import type { IPanelState } from './types';

const CELLS = 40;
jest.setTimeout(60_000);

function source(i: number): string {
  return i % 3 === 0
    ? `total_${i} = 0.0\nfor k in range(1, 10_000_000):\n    total_${i} += k ** 0.5\ntotal_${i}`
    : `def helper_${i}(rows):\n    return [r * ${i} for r in rows]\n\nhelper_${i}(range(10))`;
}

describe('PanelController reading a large notebook', () => {
  let panel: NotebookPanel;
  let model: OptimiserModel;
  let controller: PanelController;
  let active: boolean;
  let slices: number;
  let advised: number;
  let options: IControllerOptions;

  const settled = () =>
    new Promise<IPanelState>(resolve => {
      const check = (_: unknown, state: IPanelState | null) => {
        if (state && !state.reading) {
          model.stateChanged.disconnect(check);
          resolve(state);
        }
      };
      model.stateChanged.connect(check);
    });

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    panel.content.model!.sharedModel.insertCells(
      0,
      Array.from({ length: CELLS }, (_, i) => ({
        cell_type: 'code',
        source: source(i)
      }))
    );
    model = new OptimiserModel();
    active = true;
    slices = 0;
    advised = 0;
    const adviser = createAdviser();
    const read: ReadFn = (id, cells, budget) => {
      slices += budget > 0 ? 1 : 0;
      return adviser.read(id, cells, budget);
    };
    options = {
      model,
      measurements: null,
      memory: new PanelMemory(null),
      workspace: new WorkspaceCache(async () => ({
        git: { state: 'found', folder: '' },
        tests: ''
      })),
      advise: (cell, context) => {
        advised++;
        return adviser.advise(cell, context);
      },
      read,
      insert: jest.fn(),
      copy: jest.fn(),
      isActive: () => active,
      config: CONFIG
    };
    controller = new PanelController(options);
    panel.content.activeCellIndex = 0;
  });

  afterEach(() => {
    controller.dispose();
    model.dispose();
    panel.dispose();
  });

  it('shows the cell at once, reading in slices, and advises once every cell is read', async () => {
    const total = panel.content.model!.cells.length;
    model.setNotebook(panel);
    await controller.refreshNow();
    const first = model.state!;
    expect(first.selected?.index).toBe(1);
    expect(first.reading?.total).toBe(total);
    expect(first.reading?.read).toBeLessThan(total);
    expect(first.selected?.cards).toEqual([]);
    expect(advised).toBe(0);

    const done = await settled();
    expect(done.reading).toBeUndefined();
    expect(slices).toBeGreaterThan(1); // 40 cells never in one go (4 first, then by the budget)
    expect(advised).toBeGreaterThan(0);
    expect(done.selected?.cards.length).toBeGreaterThan(0); // the loop of cell 1
    expect(SLICE_BUDGET_MS).toBeLessThan(50);
  });

  it('reads nothing while hidden and reads on when shown again', async () => {
    model.setNotebook(panel);
    await controller.refreshNow();
    active = false;
    await new Promise(resolve => setTimeout(resolve, 50));
    const hidden = slices;
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(slices).toBe(hidden);
    expect(model.state?.reading).toBeDefined();

    active = true;
    const done = settled();
    controller.resume();
    expect((await done).reading).toBeUndefined();
    expect(slices).toBeGreaterThan(hidden);
  });

  it('reads only the edited cell again after an edit', async () => {
    model.setNotebook(panel);
    await controller.refreshNow();
    await settled();
    const before = slices;
    panel.content.model!.cells.get(5).sharedModel.setSource('x = 1');
    await controller.refreshNow();
    expect(model.state?.reading).toBeUndefined(); // one cell: read within the refresh's slice
    expect(slices).toBe(before + 1);
  });

  it("waits for JupyterLab's parser without reading or polling, then reads on", async () => {
    controller.dispose();
    installPythonParser(null);
    let parserLoaded = () => {};
    const parserReady = new Promise<void>(resolve => {
      parserLoaded = () => {
        installPythonParser(bundled);
        resolve();
      };
    });
    try {
      controller = new PanelController({ ...options, parserReady });
      model.setNotebook(panel);
      await controller.refreshNow();
      expect(model.state?.reading?.parserMissing).toEqual({ failed: null });
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(slices).toBe(0); // no slice tried: nothing to read with
    } finally {
      const done = settled();
      parserLoaded();
      expect((await done).selected?.cards.length).toBeGreaterThan(0);
    }
    expect(slices).toBeGreaterThan(1);
  });
});

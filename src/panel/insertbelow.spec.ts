import type { NotebookPanel } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';

import type { IInsertCell } from '../contracts/advice';
import { insertBelow } from './insertbelow';

const CELLS: IInsertCell[] = [
  {
    cell_type: 'code',
    source: 'x = 1',
    metadata: {
      'jupyterlab-optimiser': {
        rule: 'numba-jit',
        source_cell: 'a',
        role: 'template'
      }
    }
  },
  {
    cell_type: 'code',
    source: 'print("verify: equal=True speedup=2.0x")',
    metadata: {
      'jupyterlab-optimiser': {
        rule: 'numba-jit',
        source_cell: 'a',
        role: 'verify'
      }
    }
  },
  {
    cell_type: 'markdown',
    source: '**note**',
    metadata: {
      'jupyterlab-optimiser': {
        rule: 'numba-jit',
        source_cell: 'a',
        role: 'note'
      }
    }
  }
];

describe('insertBelow', () => {
  let panel: NotebookPanel;

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    NBTestUtils.populateNotebook(panel.content);
    panel.content.model!.sharedModel.clearUndoHistory();
  });

  afterEach(() => panel.dispose());

  const sources = () =>
    panel.content.model!.sharedModel.cells.map(cell => cell.getSource());

  it('inserts all cells right below the target, with their types and metadata', () => {
    const shared = panel.content.model!.sharedModel;
    const before = sources();
    const target = shared.cells[1];
    insertBelow(panel, target.getId(), CELLS);
    const after = shared.cells;
    expect(after.length).toBe(before.length + 3);
    expect(after[1].getSource()).toBe(before[1]);
    expect(after.slice(2, 5).map(cell => cell.getSource())).toEqual(
      CELLS.map(cell => cell.source)
    );
    expect(after.slice(2, 5).map(cell => cell.cell_type)).toEqual([
      'code',
      'code',
      'markdown'
    ]);
    expect(after[3].getMetadata()['jupyterlab-optimiser']).toEqual({
      rule: 'numba-jit',
      source_cell: 'a',
      role: 'verify'
    });
    expect(after.slice(5).map(cell => cell.getSource())).toEqual(
      before.slice(2)
    );
  });

  it('never changes the user cells and one undo removes every inserted cell', () => {
    const shared = panel.content.model!.sharedModel;
    const before = sources();
    insertBelow(panel, shared.cells[0].getId(), CELLS);
    expect(sources().length).toBe(before.length + 3);
    shared.undo();
    expect(sources()).toEqual(before);
  });

  it('throws for an unknown cell id and inserts nothing for no cells', () => {
    const before = sources();
    expect(() => insertBelow(panel, 'no-such-cell', CELLS)).toThrow(
      /no-such-cell/
    );
    insertBelow(panel, panel.content.model!.sharedModel.cells[0].getId(), []);
    expect(sources()).toEqual(before);
  });
});

import type { NotebookPanel } from '@jupyterlab/notebook';
import { NotebookActions } from '@jupyterlab/notebook';
import { NBTestUtils } from '@jupyterlab/notebook/lib/testutils';
import { Widget } from '@lumino/widgets';

import type { IInsertCell } from '../advice/types';
import { readInsertedTag } from './cells';
import { insertAdvice, insertedRole } from './insert';

const CELLS: IInsertCell[] = [
  { cell_type: 'markdown', source: 'What to finish by hand' },
  { cell_type: 'code', source: 'import numpy as np\nfast = np.sum(np.sin(k))' },
  {
    cell_type: 'code',
    source: 'print(f"verify: equal={same} speedup={ratio:.1f}x")'
  }
];

describe('insertAdvice', () => {
  let panel: NotebookPanel;

  beforeEach(async () => {
    const context = await NBTestUtils.createMockContext();
    panel = NBTestUtils.createNotebookPanel(context);
    NBTestUtils.populateNotebook(panel.content);
    Widget.attach(panel, document.body);
  });

  afterEach(() => panel.dispose());

  const ids = () => panel.content.widgets.map(cell => cell.model.id);

  it('inserts the cells below the cell, tagged, without touching the cell', () => {
    const before = ids();
    const target = panel.content.widgets[1];
    const source = target.model.sharedModel.getSource();
    insertAdvice(panel, target.model.id, 'numpy-vectorise', CELLS);
    const after = ids();
    expect(after).toHaveLength(before.length + 3);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after.slice(5)).toEqual(before.slice(2));
    const inserted = panel.content.widgets.slice(2, 5);
    expect(inserted.map(cell => cell.model.type)).toEqual([
      'markdown',
      'code',
      'code'
    ]);
    expect(
      inserted.map(cell =>
        readInsertedTag(cell.model.getMetadata('jupyterlab-optimiser'))
      )
    ).toEqual([
      { rule: 'numpy-vectorise', sourceCell: target.model.id, role: 'note' },
      { rule: 'numpy-vectorise', sourceCell: target.model.id, role: 'rewrite' },
      { rule: 'numpy-vectorise', sourceCell: target.model.id, role: 'verify' }
    ]);
    expect(target.model.sharedModel.getSource()).toBe(source);
  });

  it('is removed by one undo', () => {
    const before = ids();
    panel.content.model!.sharedModel.clearUndoHistory();
    insertAdvice(panel, before[1], 'numba-jit', CELLS);
    NotebookActions.undo(panel.content);
    expect(ids()).toEqual(before);
  });

  it.each([['a cell that is gone', 'nope', /no longer in the notebook/]])(
    'refuses %s',
    (_, id, message) => {
      expect(() => insertAdvice(panel, id, 'numba-jit', CELLS)).toThrow(
        message
      );
    }
  );

  it('refuses a read-only notebook', () => {
    panel.content.model!.readOnly = true;
    expect(() => insertAdvice(panel, ids()[1], 'numba-jit', CELLS)).toThrow(
      /read-only/
    );
  });
});

describe('insertedRole', () => {
  it.each([
    [{ cell_type: 'markdown', source: 'print("verify: x")' }, 'note'],
    [{ cell_type: 'code', source: 'print(f"verify: equal={a}")' }, 'verify'],
    [
      { cell_type: 'code', source: "print('verify: equal=True speedup=2x')" },
      'verify'
    ],
    [{ cell_type: 'code', source: 'x = 1  # verify: later' }, 'rewrite']
  ] as const)('%#', (cell, role) => {
    expect(insertedRole(cell)).toBe(role);
  });
});

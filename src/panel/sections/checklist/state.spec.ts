import { cell, insertedCell, run } from '../../__tests__/fixtures';
import type { IChecklistInput } from './state';
import { buildChecklist } from './state';
import type { ChecklistId, IChecklistItem } from '../../types';

const slow = cell(
  'slow',
  2,
  'total = 0\nfor i in range(10**7):\n    total += i'
);

function input(extra: Partial<IChecklistInput> = {}): IChecklistInput {
  return {
    cells: [slow],
    runs: {},
    target: slow,
    workspace: { git: null, tests: null },
    ticked: [],
    ...extra
  };
}

function item(items: IChecklistItem[], id: ChecklistId): IChecklistItem {
  return items.find(entry => entry.id === id)!;
}

describe('buildChecklist', () => {
  it("lists the lesson's six items in its order", () => {
    expect(buildChecklist(input()).map(entry => entry.id)).toEqual([
      'version-control',
      'tests',
      'consistent-timing',
      'small-test-case',
      'profiled',
      'one-change'
    ]);
  });

  it.each([
    [null, 'unknown', 'checking'],
    [{ state: 'found', folder: 'project' }, 'done', 'git-found'],
    [{ state: 'absent', folder: 'project' }, 'todo', 'git-absent'],
    [{ state: 'hidden', folder: 'project' }, 'unknown', 'git-hidden']
  ] as const)('version control %#: %j is %s', (git, state, reason) => {
    const entry = item(
      buildChecklist(input({ workspace: { git, tests: '' } })),
      'version-control'
    );
    expect(entry).toMatchObject({ state, reason });
  });

  it.each([
    [null, [slow], 'unknown', 'checking'],
    ['project/tests', [slow], 'done', 'tests-found'],
    [
      '',
      [slow, cell('t', 3, 'def test_sum():\n    assert f(2) == 4')],
      'done',
      'tests-in-notebook'
    ],
    ['', [slow, cell('t', 3, 'assert total > 0')], 'done', 'tests-in-notebook'],
    [
      '',
      [slow, cell('t', 3, '# we assert nothing here\nx = 1')],
      'todo',
      'tests-absent'
    ]
  ])('tests %#: %j', (tests, cells, state, reason) => {
    const entry = item(
      buildChecklist(input({ cells, workspace: { git: null, tests } })),
      'tests'
    );
    expect(entry).toMatchObject({ state, reason });
  });

  it.each([
    [[], 'unknown', 'no-runs'],
    [[10], 'unknown', 'few-runs'],
    [[10, 10.5], 'done', 'consistent'],
    [[10, 10.5, 9.8], 'done', 'consistent'],
    [[10, 20, 5], 'todo', 'inconsistent']
  ])('consistent timing %#: runs %j', (walls, state, reason) => {
    const entry = item(
      buildChecklist(input({ runs: { slow: walls.map(wall => run(wall)) } })),
      'consistent-timing'
    );
    expect(entry).toMatchObject({ state, reason });
  });

  it('cites the variation in percent', () => {
    const entry = item(
      buildChecklist(input({ runs: { slow: [run(10), run(20), run(5)] } })),
      'consistent-timing'
    );
    expect(entry.values).toMatchObject({ cell: 2, runs: 3, cv: 65 });
  });

  it.each([
    [[], 'unknown'],
    [[45], 'done'],
    [[120], 'done'],
    [[900], 'todo']
  ])('a test case of a minute or two %#: %j', (walls, state) => {
    const entry = item(
      buildChecklist(input({ runs: { slow: walls.map(wall => run(wall)) } })),
      'small-test-case'
    );
    expect(entry.state).toBe(state);
  });

  it.each([
    [[slow], {}, 'todo', 'not-profiled'],
    [[slow, cell('p', 3, '%%prun\nmain()')], {}, 'todo', 'profile-not-run'],
    [
      [slow, cell('p', 3, '%%prun\nmain()', { executionCount: 4 })],
      {},
      'done',
      'profiled'
    ],
    [
      [slow, cell('p', 3, 'import cProfile\ncProfile.run("main()")')],
      { p: [run(3)] },
      'done',
      'profiled'
    ],
    [
      [
        slow,
        insertedCell('p', 3, { rule: 'profile-first', sourceCell: 'slow' })
      ],
      { p: [run(1)] },
      'done',
      'profiled'
    ]
  ])('profiled %#', (cells, runs, state, reason) => {
    const entry = item(buildChecklist(input({ cells, runs })), 'profiled');
    expect(entry).toMatchObject({ state, reason });
  });

  describe('one change at a time', () => {
    const rewrite = (
      id: string,
      rule: 'numpy-vectorise' | 'numba-jit',
      index: number
    ) => insertedCell(id, index, { rule, sourceCell: 'slow' });
    const verify = (
      id: string,
      rule: 'numpy-vectorise' | 'numba-jit',
      index: number,
      text = ''
    ) =>
      insertedCell(
        id,
        index,
        { rule, sourceCell: 'slow', role: 'verify' },
        { streamText: text }
      );

    it.each([
      [[slow], 'unknown', 'no-changes'],
      [
        [
          slow,
          rewrite('a', 'numpy-vectorise', 3),
          verify('b', 'numpy-vectorise', 4)
        ],
        'done',
        'one-pending'
      ],
      [
        [
          slow,
          rewrite('a', 'numpy-vectorise', 3),
          verify('b', 'numpy-vectorise', 4, 'verify: equal=True speedup=30x'),
          rewrite('c', 'numba-jit', 5),
          verify('d', 'numba-jit', 6)
        ],
        'done',
        'one-pending'
      ],
      [
        [
          slow,
          rewrite('a', 'numpy-vectorise', 3),
          verify('b', 'numpy-vectorise', 4),
          rewrite('c', 'numba-jit', 5),
          verify('d', 'numba-jit', 6)
        ],
        'todo',
        'many-pending'
      ],
      [
        [
          slow,
          rewrite('a', 'numpy-vectorise', 3),
          verify('b', 'numpy-vectorise', 4, 'verify: equal=False speedup=3x')
        ],
        'todo',
        'verify-differs'
      ]
    ])('%#', (cells, state, reason) => {
      expect(
        item(buildChecklist(input({ cells })), 'one-change')
      ).toMatchObject({ state, reason });
    });
  });

  it('lets the user tick an item the panel cannot confirm, and says so', () => {
    const items = buildChecklist(
      input({
        workspace: { git: { state: 'hidden', folder: '' }, tests: '' },
        ticked: ['version-control', 'tests']
      })
    );
    expect(item(items, 'version-control')).toMatchObject({
      state: 'done',
      ticked: true,
      reason: 'git-hidden'
    });
    expect(item(items, 'tests')).toMatchObject({ state: 'done', ticked: true });
    expect(item(items, 'profiled').ticked).toBe(false);
  });

  it('does not mark a checked item as ticked by hand', () => {
    const items = buildChecklist(
      input({
        workspace: { git: { state: 'found', folder: '' }, tests: '' },
        ticked: ['version-control']
      })
    );
    expect(item(items, 'version-control')).toMatchObject({
      state: 'done',
      ticked: false
    });
  });
});

/**
 * Issue 10, defect 2: the "Make the timing consistent" card and the checklist's consistent-timing
 * item read the same runs the same way (advice/measure.ts), so they never contradict each other.
 */
import { cell, run } from '../panel/__tests__/fixtures';
import { buildChecklist } from '../panel/sections/checklist/state';
import { rulesFor, run as ruleRun } from '../rules/__tests__/helpers';

const SOURCE = 'total = 0\nfor i in range(10**7):\n    total += i';

function checklistItem(walls: readonly number[]) {
  const shown = cell('cell', 1, SOURCE);
  return buildChecklist({
    cells: [shown],
    runs: { cell: walls.map(wall => run(wall)) },
    target: shown,
    workspace: { git: null, tests: null },
    ticked: []
  }).find(item => item.id === 'consistent-timing')!;
}

function card(walls: readonly number[]): boolean {
  return rulesFor(SOURCE, { runs: walls.map(wall => ruleRun(wall)) }).includes(
    'consistent-timing'
  );
}

describe('the consistent-timing card and the checklist', () => {
  it('agree that runs of 1.0, 1.0 and 1.3 s are consistent (16% variation)', () => {
    expect(card([1.0, 1.0, 1.3])).toBe(false);
    expect(checklistItem([1.0, 1.0, 1.3])).toMatchObject({
      state: 'done',
      reason: 'consistent',
      values: { runs: 3, cv: 16 }
    });
  });

  it.each([[[1.0, 1.0, 2.0]], [[2.1, 3.4, 2.8]], [[10, 20, 5]], [[1.0, 1.5]]])(
    'agree that %j is not, card and checklist at once',
    walls => {
      expect(card(walls)).toBe(true);
      expect(checklistItem(walls).state).toBe('todo');
    }
  );

  it.each([[[1.0, 1.1]], [[3, 3, 3.1]], [[12]]])(
    'agree that %j needs no card',
    walls => {
      expect(card(walls)).toBe(false);
      expect(checklistItem(walls).state).not.toBe('todo');
    }
  );
});

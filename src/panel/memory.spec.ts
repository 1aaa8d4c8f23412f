import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';

import type { IStateStore } from './memory';
import { MEMORY_KEY, PanelMemory, parseMemory } from './memory';

class FakeStore implements IStateStore {
  constructor(public value: ReadonlyPartialJSONValue | undefined = undefined) {}
  saves = 0;
  fetch(id: string): Promise<ReadonlyPartialJSONValue | undefined> {
    return Promise.resolve(id === MEMORY_KEY ? this.value : undefined);
  }
  save(id: string, value: ReadonlyPartialJSONValue): Promise<void> {
    this.saves++;
    this.value = JSON.parse(JSON.stringify(value));
    return Promise.resolve();
  }
}

describe('PanelMemory', () => {
  it('remembers a dismissal per notebook and cell, and saves it', async () => {
    const store = new FakeStore();
    const memory = new PanelMemory(store);
    await memory.ready;
    let changes = 0;
    memory.changed.connect(() => changes++);
    memory.setDismissed('a.ipynb', 'c1', 'numba-jit', true);
    memory.setDismissed('a.ipynb', 'c1', 'numba-jit', true); // no real change
    expect(memory.dismissed('a.ipynb', 'c1')).toEqual(['numba-jit']);
    expect(memory.dismissed('a.ipynb', 'c2')).toEqual([]);
    expect(memory.dismissed('b.ipynb', 'c1')).toEqual([]);
    expect(changes).toBe(1);
    expect(store.saves).toBe(1);

    const reloaded = new PanelMemory(store);
    await reloaded.ready;
    expect(reloaded.dismissed('a.ipynb', 'c1')).toEqual(['numba-jit']);
  });

  it('shows dismissed advice again', async () => {
    const memory = new PanelMemory(null);
    memory.setDismissed('a.ipynb', 'c1', 'numba-jit', true);
    memory.setDismissed('a.ipynb', 'c1', 'numba-jit', false);
    expect(memory.dismissed('a.ipynb', 'c1')).toEqual([]);
  });

  it('remembers ticked checklist items', () => {
    const memory = new PanelMemory(null);
    memory.setTicked('a.ipynb', 'tests', true);
    expect(memory.ticked('a.ipynb')).toEqual(['tests']);
    memory.setTicked('a.ipynb', 'tests', false);
    expect(memory.ticked('a.ipynb')).toEqual([]);
  });

  it('follows a renamed notebook', () => {
    const memory = new PanelMemory(null);
    memory.setDismissed('a.ipynb', 'c1', 'numba-jit', true);
    memory.rename('a.ipynb', 'b.ipynb');
    expect(memory.dismissed('b.ipynb', 'c1')).toEqual(['numba-jit']);
    expect(memory.dismissed('a.ipynb', 'c1')).toEqual([]);
  });

  it('keeps what the user did before the stored memory loaded', async () => {
    const store = new FakeStore({
      version: 1,
      notebooks: {
        'old.ipynb': { dismissed: { c: ['gpu-library'] }, ticked: [] }
      }
    });
    const memory = new PanelMemory(store);
    memory.setTicked('new.ipynb', 'profiled', true);
    await memory.ready;
    expect(memory.ticked('new.ipynb')).toEqual(['profiled']);
    expect(memory.dismissed('old.ipynb', 'c')).toEqual(['gpu-library']);
  });
});

describe('parseMemory', () => {
  it.each([[undefined], [null], [42], [{ notebooks: 'no' }]])(
    '%#: ignores %j',
    value => {
      expect(parseMemory(value)).toEqual({});
    }
  );

  it('drops unknown rule ids and checklist items', () => {
    const parsed = parseMemory({
      notebooks: {
        'a.ipynb': {
          dismissed: { c1: ['numba-jit', 'not-a-rule', 3], c2: ['nope'] },
          ticked: ['tests', 'x']
        }
      }
    });
    expect(parsed).toEqual({
      'a.ipynb': { dismissed: { c1: ['numba-jit'] }, ticked: ['tests'] }
    });
  });
});

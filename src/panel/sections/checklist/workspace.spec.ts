import type { IDirEntry, IDirLister } from './workspace';
import { ancestors, checkWorkspace, WorkspaceCache } from './workspace';

/** A fake contents API over a list of paths ('a/b/' marks a folder). */
function lister(
  paths: string[],
  failing: string[] = []
): IDirLister & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    list(folder: string) {
      calls.push(folder);
      if (failing.includes(folder)) {
        return Promise.reject(new Error('403'));
      }
      const prefix = folder ? `${folder}/` : '';
      const entries = new Map<string, IDirEntry>();
      for (const path of paths) {
        if (!path.startsWith(prefix)) {
          continue;
        }
        const rest = path.slice(prefix.length);
        const name = rest.split('/')[0];
        const type = rest.includes('/') ? 'directory' : 'file';
        entries.set(name, { name, path: prefix + name, type });
      }
      return Promise.resolve([...entries.values()]);
    }
  };
}

describe('ancestors', () => {
  it.each([
    ['nb.ipynb', ['']],
    ['a/b/nb.ipynb', ['a/b', 'a', '']],
    ['/a/nb.ipynb', ['a', '']]
  ])('%s', (path, expected) => {
    expect(ancestors(path)).toEqual(expected);
  });

  it('stops after eight levels', () => {
    expect(ancestors('1/2/3/4/5/6/7/8/9/10/nb.ipynb')).toHaveLength(8);
  });
});

describe('checkWorkspace', () => {
  it('finds .git up the path and tests on the way', async () => {
    const fake = lister([
      'proj/.git/',
      'proj/tests/',
      'proj/src/work/nb.ipynb',
      'other/.git/'
    ]);
    const facts = await checkWorkspace(fake, 'proj/src/work/nb.ipynb', true);
    expect(facts).toEqual({
      git: { state: 'found', folder: 'proj' },
      tests: 'proj/tests'
    });
    expect(fake.calls).toEqual(['proj/src/work', 'proj/src', 'proj']); // not above the repository
  });

  it.each([['test_model.py'], ['model_test.py'], ['conftest.py']])(
    'counts %s as tests',
    async name => {
      const facts = await checkWorkspace(
        lister([`w/${name}`, 'w/nb.ipynb']),
        'w/nb.ipynb',
        true
      );
      expect(facts.tests).toBe(`w/${name}`);
    }
  );

  it('says absent when hidden entries are visible and there is no .git', async () => {
    const facts = await checkWorkspace(
      lister(['w/nb.ipynb', 'w/.ipynb_checkpoints/']),
      'w/nb.ipynb',
      null
    );
    expect(facts).toEqual({ git: { state: 'absent', folder: 'w' }, tests: '' });
  });

  it('says hidden, not absent, when the server hides dot-folders', async () => {
    expect(
      (await checkWorkspace(lister(['w/nb.ipynb']), 'w/nb.ipynb', false)).git
        ?.state
    ).toBe('hidden');
    expect(
      (await checkWorkspace(lister(['w/nb.ipynb']), 'w/nb.ipynb', null)).git
        ?.state
    ).toBe('hidden');
  });

  it('stops at a folder it may not list', async () => {
    const facts = await checkWorkspace(
      lister(['.git/', 'w/nb.ipynb'], ['']),
      'w/nb.ipynb',
      true
    );
    expect(facts.git?.state).toBe('absent');
  });
});

describe('WorkspaceCache', () => {
  it('shares a running check and keeps the answer until it is old', async () => {
    let now = 0;
    let checks = 0;
    const cache = new WorkspaceCache(
      async () => {
        checks++;
        return { git: { state: 'found', folder: '' }, tests: '' };
      },
      1000,
      () => now
    );
    expect(cache.peek('nb.ipynb')).toEqual({ git: null, tests: null });
    expect(cache.isStale('nb.ipynb')).toBe(true);
    const first = cache.refresh('nb.ipynb');
    expect(cache.isStale('nb.ipynb')).toBe(false);
    await Promise.all([first, cache.refresh('nb.ipynb')]);
    expect(checks).toBe(1);
    expect(cache.peek('nb.ipynb').git?.state).toBe('found');
    now = 500;
    expect(cache.isStale('nb.ipynb')).toBe(false);
    now = 1500;
    expect(cache.isStale('nb.ipynb')).toBe(true);
  });
});

import { StateDB } from '@jupyterlab/statedb';
import { nullTranslator } from '@jupyterlab/translation';

import type { IMeasurementsConfig } from './measurements';
import { MeasurementsService, RUNS_KEY_PREFIX } from './measurements';
import {
  FakeKernel,
  FakeSession,
  flush,
  loadInstallCode,
  RECORD,
  runs
} from './__tests__/fakekernel';
import { DEFAULT_SETTINGS } from '../contracts/settings';

const trans = nullTranslator.load('jupyterlab_optimiser');

async function open(
  db: StateDB,
  config: Partial<IMeasurementsConfig> = {},
  path = 'work/slow.ipynb'
) {
  const kernel = new FakeKernel();
  const service = new MeasurementsService({
    store: db,
    trans,
    config: { ...DEFAULT_SETTINGS, ...config },
    installCode: loadInstallCode
  });
  await service.add({
    id: 'nb',
    path,
    sessionContext: new FakeSession(kernel).context
  });
  await flush();
  const comm = kernel.hello();
  const walls = (cellId: string) =>
    service.get('nb')?.runs[cellId]?.map(r => r.wall_s);
  const record = (cellId: string, wall: number) =>
    comm.receive(runs(cellId, { ...RECORD, wall_s: wall }));
  return { service, kernel, comm, walls, record };
}

describe('MeasurementsService', () => {
  it('bounds the history per cell and keeps it across a page reload', async () => {
    const db = new StateDB();
    const first = await open(db, { historyLength: 3 });
    for (let wall = 1; wall <= 5; wall++) {
      first.record('a', wall);
    }
    expect(first.walls('a')).toEqual([3, 4, 5]);
    first.service.remove('nb'); // closing the notebook (or the page) saves
    await flush();
    expect(await db.fetch(`${RUNS_KEY_PREFIX}work/slow.ipynb`)).toEqual({
      a: [3, 4, 5].map(wall => ({ ...RECORD, wall_s: wall }))
    });

    const reloaded = await open(db, { historyLength: 2 });
    expect(reloaded.walls('a')).toEqual([4, 5]);
    reloaded.record('a', 6);
    expect(reloaded.walls('a')).toEqual([5, 6]);
  });

  it('keeps each notebook path apart', async () => {
    const db = new StateDB();
    const one = await open(db, {}, 'one.ipynb');
    one.record('a', 1);
    one.service.remove('nb');
    await flush();
    const other = await open(db, {}, 'other.ipynb');
    expect(other.service.get('nb')?.runs).toEqual({});
  });

  it('moves the history with a renamed notebook', async () => {
    const db = new StateDB();
    const { service, record } = await open(db, {}, 'old.ipynb');
    record('a', 1);
    service.rename('nb', 'new.ipynb');
    await flush();
    service.remove('nb');
    await flush();
    expect(await db.fetch(`${RUNS_KEY_PREFIX}old.ipynb`)).toBeUndefined();
    expect(await db.fetch(`${RUNS_KEY_PREFIX}new.ipynb`)).toEqual({
      a: [{ ...RECORD, wall_s: 1 }]
    });
  });

  it('trims histories when the setting shrinks, and switches the probe off', async () => {
    const { service, kernel, record, walls } = await open(new StateDB());
    [1, 2, 3].forEach(wall => record('a', wall));
    service.setConfig({ historyLength: 1, probeEnabled: false, profile: true });
    await flush();
    expect(walls('a')).toEqual([3]);
    expect(service.get('nb')?.status).toBe('timings-only');
    expect(kernel.executes).toHaveLength(2); // install, then uninstall
  });

  it('signals only real changes, with fresh snapshots', async () => {
    const { service, record } = await open(new StateDB());
    const ids: string[] = [];
    service.changed.connect((_, id) => ids.push(id));
    const before = service.get('nb');
    record('a', 1);
    const after = service.get('nb');
    expect(ids).toEqual(['nb']);
    expect(before?.runs).toEqual({}); // the earlier snapshot did not change
    expect(after?.runs.a).toHaveLength(1);
    service.setConfig(DEFAULT_SETTINGS); // same settings: nothing to say
    expect(ids).toEqual(['nb']);
  });

  it('forgets the facts of a Python kernel once the notebook switches to another language', async () => {
    const python = new FakeKernel();
    const session = new FakeSession(python);
    const service = new MeasurementsService({
      store: new StateDB(),
      trans,
      config: DEFAULT_SETTINGS,
      installCode: loadInstallCode
    });
    await service.add({
      id: 'nb',
      path: 'a.ipynb',
      sessionContext: session.context
    });
    await flush();
    python.hello();
    const before = service.get('nb');
    expect(before?.status).toBe('probed');
    expect(before?.facts?.machine.cores).toBeGreaterThan(0);

    session.changeKernel(new FakeKernel('R'));
    await flush();
    const after = service.get('nb');
    expect(after?.status).toBe('timings-only');
    expect(after?.facts).toBeNull();
    expect(after?.profiling).toBeNull();

    session.changeKernel(null);
    expect(service.get('nb')?.facts).toBeNull();
    service.dispose();
  });

  it('keeps the facts while the same kernel restarts, until its new hello', async () => {
    const kernel = new FakeKernel();
    const session = new FakeSession(kernel);
    const service = new MeasurementsService({
      store: new StateDB(),
      trans,
      config: DEFAULT_SETTINGS,
      installCode: loadInstallCode
    });
    await service.add({
      id: 'nb',
      path: 'a.ipynb',
      sessionContext: session.context
    });
    await flush();
    kernel.hello();
    const facts = service.get('nb')?.facts;
    expect(facts).not.toBeNull();
    session.statusChanged.emit('restarting');
    session.statusChanged.emit('idle');
    await flush();
    expect(service.get('nb')?.status).toBe('installing');
    expect(service.get('nb')?.facts).toBe(facts);
    service.dispose();
  });

  it('answers for notebooks it does not know', async () => {
    const service = new MeasurementsService({
      store: null,
      trans,
      config: DEFAULT_SETTINGS,
      installCode: loadInstallCode
    });
    expect(service.get('nope')).toBeNull();
    await expect(service.refreshFacts('nope')).resolves.toBeUndefined();
  });
});

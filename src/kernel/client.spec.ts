import { StateDB } from '@jupyterlab/statedb';
import { nullTranslator } from '@jupyterlab/translation';

import type { ISessionContext } from '@jupyterlab/apputils';
import type { INotebookMeasurements } from '../tokens';
import { FakeKernel, FakeSession, flush, HELLO_FACTS, RECORD } from '../__tests__/fakekernel';
import { installCode, PROBE_TARGET } from './install';
import { MeasurementsService } from './measurements';

const trans = nullTranslator.load('jupyterlab_optimiser');

async function measured(
  kernel: FakeKernel | null,
  options: { historyLength?: number; probeEnabled?: boolean; db?: StateDB; path?: string } = {}
) {
  const session = new FakeSession(kernel);
  const service = new MeasurementsService({
    state: options.db ?? new StateDB(),
    trans,
    config: { historyLength: options.historyLength ?? 20, probeEnabled: options.probeEnabled ?? true }
  });
  await service.add({
    id: 'nb',
    path: options.path ?? 'work/slow.ipynb',
    sessionContext: session as unknown as ISessionContext
  });
  await flush();
  const state = () => service.get('nb') as INotebookMeasurements;
  return { session, service, state };
}

describe('ProbeClient through MeasurementsService', () => {
  it('installs the probe silently when a Python kernel is there at start', async () => {
    const kernel = new FakeKernel();
    const { state } = await measured(kernel);
    expect(kernel.executes).toHaveLength(1);
    const [install] = kernel.executes;
    expect(install.code).toBe(installCode());
    expect([install.silent, install.storeHistory, install.allowStdin]).toEqual([true, false, false]);
    expect(state().status).toBe('installing');

    kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    expect(state().status).toBe('probed');
    expect(state().facts?.machine.cores).toBe(2);
  });

  it('keeps probe records per cell and ignores malformed ones', async () => {
    const kernel = new FakeKernel();
    const { state, service } = await measured(kernel);
    const comm = kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    let signals = 0;
    service.changed.connect(() => signals++);
    comm.receive({
      type: 'runs',
      runs: [
        { cell_id: 'a', record: RECORD },
        { cell_id: 'b', record: { ...RECORD, wall_s: 'slow' } },
        { record: RECORD },
        { cell_id: 'a', record: { ...RECORD, wall_s: 2 } }
      ]
    });
    comm.receive({ type: 'mystery' });
    comm.receive('not even an object');
    comm.receive({ type: 'hello', facts: { version: 2 } });
    expect(state().runs).toEqual({ a: [RECORD, { ...RECORD, wall_s: 2 }] });
    expect(state().facts?.machine.cores).toBe(2);
    expect(signals).toBe(2);
  });

  it('bounds the history per cell and restores it after a page reload', async () => {
    const db = new StateDB();
    const kernel = new FakeKernel();
    const first = await measured(kernel, { historyLength: 3, db });
    const comm = kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    for (let i = 1; i <= 5; i++) {
      comm.receive({ type: 'runs', runs: [{ cell_id: 'a', record: { ...RECORD, wall_s: i } }] });
    }
    expect(first.state().runs.a.map(r => r.wall_s)).toEqual([3, 4, 5]);
    first.service.remove('nb'); // closing saves
    await flush();

    const reloaded = await measured(new FakeKernel(), { historyLength: 2, db });
    expect(reloaded.state().runs.a.map(r => r.wall_s)).toEqual([4, 5]);
  });

  it('reinstalls after a restart and drops messages from the old installation', async () => {
    const kernel = new FakeKernel();
    const { session, state } = await measured(kernel);
    const oldComm = kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });

    session.statusChanged.emit('restarting');
    expect(state().status).toBe('restarting');
    session.statusChanged.emit('idle');
    await flush();
    expect(kernel.executes).toHaveLength(2);
    oldComm.receive({ type: 'runs', runs: [{ cell_id: 'stale', record: RECORD }] });
    expect(state().runs.stale).toBeUndefined();

    const comm = kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    comm.receive({ type: 'runs', runs: [{ cell_id: 'fresh', record: RECORD }] });
    expect(state().status).toBe('probed');
    expect(state().runs.fresh).toHaveLength(1);
  });

  it('follows a kernel change and ignores the old kernel', async () => {
    const first = new FakeKernel();
    const { session, state } = await measured(first);
    const oldComm = first.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    const second = new FakeKernel();
    session.changeKernel(second);
    await flush();
    expect(second.executes).toHaveLength(1);
    oldComm.receive({ type: 'runs', runs: [{ cell_id: 'old', record: RECORD }] });
    first.executeCell('old-timed', 0, 1000);
    expect(state().runs).toEqual({});
    expect(state().status).toBe('installing');

    session.changeKernel(null);
    expect(state().status).toBe('no-kernel');
  });

  it('times non-Python kernels from their messages and says advice needs Python', async () => {
    const kernel = new FakeKernel('R');
    const { state } = await measured(kernel);
    expect(kernel.executes).toHaveLength(0);
    expect(state().status).toBe('timings-only');
    expect(state().message).toContain('Python');

    kernel.executeCell('r-cell', 1_000, 3_500, 'error');
    const [record] = state().runs['r-cell'];
    expect(record.wall_s).toBeCloseTo(2.5);
    expect(record.ok).toBe(false);
    expect(record.timing_only).toBe(true);
    expect(state().running).toBeNull();
  });

  it('shows the running cell while the kernel is busy', async () => {
    const kernel = new FakeKernel();
    const { state } = await measured(kernel);
    kernel.anyMessage.emit({
      direction: 'send',
      msg: { header: { msg_id: 'm1', msg_type: 'execute_request' }, metadata: { cellId: 'slow' }, content: {} }
    });
    kernel.anyMessage.emit({
      direction: 'recv',
      msg: {
        header: { msg_id: 's1', msg_type: 'status', date: new Date(5_000).toISOString() },
        parent_header: { msg_id: 'm1' },
        content: { execution_state: 'busy' }
      }
    });
    expect(state().running).toEqual({ cellId: 'slow', since: 5_000 });
  });

  it('uses timings only when the probe is switched off, and installs when switched on', async () => {
    const kernel = new FakeKernel();
    const { state, service } = await measured(kernel, { probeEnabled: false });
    expect(kernel.executes).toHaveLength(0);
    expect(state().status).toBe('timings-only');
    service.setConfig({ historyLength: 20, probeEnabled: true });
    await flush();
    expect(kernel.executes).toHaveLength(1);
  });

  it('reports an install that fails in the kernel', async () => {
    const kernel = new FakeKernel();
    const { state } = await measured(kernel);
    kernel.executes[0].reply('error', "name 'x' is not defined");
    await flush();
    expect(state().status).toBe('error');
    expect(state().message).toContain("name 'x' is not defined");
  });

  it('answers a facts request when the probe replies', async () => {
    const kernel = new FakeKernel();
    const { service, state } = await measured(kernel);
    const comm = kernel.openComm(PROBE_TARGET, { type: 'hello', facts: HELLO_FACTS });
    const done = service.refreshFacts('nb');
    expect(comm.sent).toEqual([{ type: 'facts-request', request_id: 1 }]);
    const variables = { big: { type: 'ndarray', nbytes: 800, shape: [100], dtype: 'float64' } };
    comm.receive({ type: 'facts', request_id: 1, facts: { ...HELLO_FACTS, variables } });
    await done;
    expect(state().facts?.variables.big.nbytes).toBe(800);
  });
});

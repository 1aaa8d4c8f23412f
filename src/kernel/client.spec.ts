import { nullTranslator } from '@jupyterlab/translation';

import type { IProbeProfiling, IRunRecord } from '../contracts/facts';
import type { KernelStatus } from '../contracts/measurements';
import type { IProbeSink } from './client';
import { ProbeClient } from './client';
import { PROBE_TARGET, UNINSTALL_CODE } from './install';
import type { ProbeFacts } from './messages';
import {
  FakeKernel,
  FakeSession,
  flush,
  HELLO_FACTS,
  INSTALL_CODE,
  loadInstallCode,
  PROFILING,
  RECORD,
  runs
} from './__tests__/fakekernel';

/** A sink that remembers what the client reported. */
class Reports implements IProbeSink {
  statuses: [KernelStatus, string | null][] = [];
  facts_: ProbeFacts[] = [];
  profiling_: (IProbeProfiling | null)[] = [];
  runs: [string, IRunRecord][] = [];
  runningNow: { cellId: string; since: number } | null = null;
  get last(): [KernelStatus, string | null] | undefined {
    return this.statuses[this.statuses.length - 1];
  }
  status(status: KernelStatus, message: string | null): void {
    this.statuses.push([status, message]);
  }
  facts(facts: ProbeFacts): void {
    this.facts_.push(facts);
  }
  profiling(profiling: IProbeProfiling | null): void {
    this.profiling_.push(profiling);
  }
  run(cellId: string, record: IRunRecord): void {
    this.runs.push([cellId, record]);
  }
  running(running: { cellId: string; since: number } | null): void {
    this.runningNow = running;
  }
}

async function start(
  kernel: FakeKernel | null,
  enabled = true,
  profile = true,
  installCode = loadInstallCode
) {
  const session = new FakeSession(kernel);
  const sink = new Reports();
  const client = new ProbeClient({
    session: session.context,
    sink,
    trans: nullTranslator.load('jupyterlab_optimiser'),
    enabled,
    profile,
    installCode
  });
  await flush();
  return { session, sink, client };
}

describe('ProbeClient', () => {
  it('installs silently in a kernel already running (page reload)', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    expect(kernel.executes.map(e => e.content)).toEqual([
      {
        code: INSTALL_CODE,
        silent: true,
        store_history: false,
        allow_stdin: false,
        stop_on_error: false
      }
    ]);
    expect(sink.last).toEqual(['installing', null]);
    kernel.hello();
    expect(sink.last).toEqual(['probed', null]);
    expect(sink.facts_).toEqual([HELLO_FACTS]);
  });

  it('installs when a kernel starts later, and registers its comm target first', async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(null);
    expect(sink.last).toEqual(['no-kernel', null]);
    session.changeKernel(kernel);
    await flush();
    expect(kernel.targets.has(PROBE_TARGET)).toBe(true);
    expect(kernel.executes).toHaveLength(1);
  });

  it('keeps probe records and ignores malformed ones', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const comm = kernel.hello();
    comm.receive({
      type: 'runs',
      runs: [
        { cell_id: 'a', record: RECORD },
        { cell_id: 'b', record: { ...RECORD, wall_s: 'slow' } },
        { cell_id: null, record: RECORD }, // a console execution
        { cell_id: 'c', record: { ...RECORD, ok: undefined } },
        { cell_id: 'a', record: { ...RECORD, wall_s: 2 } }
      ]
    });
    comm.receive({ type: 'mystery' });
    comm.receive('not even an object');
    comm.receive({ type: 'hello', facts: { ...HELLO_FACTS, version: 2 } });
    comm.receive({ type: 'facts', facts: { ...HELLO_FACTS, machine: {} } });
    expect(sink.runs).toEqual([
      ['a', RECORD],
      ['a', { ...RECORD, wall_s: 2 }]
    ]);
    expect(sink.facts_).toHaveLength(1);
    expect(sink.last).toEqual(['probed', null]);
  });

  it('reinstalls after a restart and drops what the old installation sends', async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(kernel);
    const old = kernel.hello();
    kernel.sendCell('slow');
    kernel.emit('msg-slow', 'status', 1000, { execution_state: 'busy' });
    expect(sink.runningNow?.cellId).toBe('slow');

    session.statusChanged.emit('restarting');
    expect(sink.last).toEqual(['restarting', null]);
    expect(sink.runningNow).toBeNull();
    expect(kernel.targets.has(PROBE_TARGET)).toBe(false);
    kernel.restartProcess();
    kernel.status(session, 'idle');
    await flush();
    expect(kernel.executes).toHaveLength(2);
    expect(sink.last).toEqual(['installing', null]);

    old.receive(runs('stale'));
    kernel.hello().receive(runs('fresh'));
    old.receive(runs('stale-after-hello'));
    expect(sink.runs.map(([id]) => id)).toEqual(['fresh']);
    expect(sink.last).toEqual(['probed', null]);
  });

  it("installs once per restart, ignoring the old kernel's late idle (restart during a long cell)", async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(kernel);
    kernel.hello();
    kernel.sendCell('slow');
    kernel.emit('msg-slow', 'status', 1000, { execution_state: 'busy' });

    // JupyterLab says "restarting" first; the old kernel's idle (the end of the killed cell, the
    // reply to the shutdown) arrives after it, then the server's autorestart pair.
    session.statusChanged.emit('restarting');
    kernel.status(session, 'idle', 'msg-slow');
    await flush();
    expect(kernel.executes).toHaveLength(1);
    expect(sink.last).toEqual(['restarting', null]);
    session.statusChanged.emit('autorestarting');

    kernel.restartProcess();
    kernel.status(session, 'busy', 'kernel-info');
    kernel.status(session, 'idle', 'kernel-info');
    await flush();
    kernel.status(session, 'busy', 'install');
    kernel.status(session, 'idle', 'install');
    await flush();
    expect(kernel.executes).toHaveLength(2);
    kernel.hello().receive(runs('next-run'));
    expect(sink.runs.map(([id]) => id)).toEqual(['next-run']);
    expect(sink.last).toEqual(['probed', null]);
  });

  it('installs once after a kernel death and its automatic restart', async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(kernel);
    kernel.hello();
    kernel.status(session, 'busy', 'msg-dies');
    // The server's "restarting" is in its own session; then the late idle of the dead kernel.
    kernel.anyMessage.emit({
      direction: 'recv',
      msg: {
        header: { msg_id: 'r', msg_type: 'status', session: 'server' },
        parent_header: {},
        content: { execution_state: 'restarting' }
      }
    });
    session.statusChanged.emit('restarting');
    session.statusChanged.emit('autorestarting');
    kernel.status(session, 'idle', 'msg-dies');
    await flush();
    expect(kernel.executes).toHaveLength(1);
    kernel.restartProcess();
    kernel.status(session, 'idle', 'kernel-info');
    await flush();
    expect(kernel.executes).toHaveLength(2);
    kernel.hello().receive(runs('after-death'));
    expect(sink.runs.map(([id]) => id)).toEqual(['after-death']);
  });

  it('keeps a record that comes on an earlier comm of the same kernel (two installs)', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const first = kernel.hello();
    const second = kernel.hello(); // the second install's hello, before the kernel closes `first`
    expect(first.isDisposed).toBe(false); // disposing it would drop what is in flight on it
    first.receive(runs('on-the-earlier-comm'));
    first.receive({ type: 'fault', where: 'send', error: 'stale' });
    expect(sink.last).toEqual(['probed', null]); // only the latest hello's comm speaks for the probe
    second.receive(runs('on-the-latest-comm'));
    first.closeFromKernel();
    first.receive(runs('after-the-kernel-closed-it'));
    expect(sink.last).toEqual(['probed', null]);
    second.receive(runs('still-followed'));
    expect(sink.runs.map(([id]) => id)).toEqual([
      'on-the-earlier-comm',
      'on-the-latest-comm',
      'still-followed'
    ]);
  });

  it('times a cell that ran before the probe said hello (run while installing)', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    kernel.executeCell('early', 0, 800);
    kernel.hello();
    kernel.executeCell('measured', 1000, 2000);
    expect(sink.runs.map(([id, record]) => [id, record.timing_only])).toEqual([
      ['early', true]
    ]);
  });

  it('follows a kernel change and ignores the old kernel', async () => {
    const first = new FakeKernel();
    const { session, sink } = await start(first);
    const old = first.hello();
    const second = new FakeKernel();
    session.changeKernel(second);
    await flush();
    expect(first.targets.has(PROBE_TARGET)).toBe(false);
    expect(second.executes).toHaveLength(1);
    old.receive(runs('old'));
    first.executeCell('old-timed', 0, 1000);
    expect(sink.runs).toEqual([]);
    expect(sink.last).toEqual(['installing', null]);

    second.hello();
    old.receive(runs('old-after-hello'));
    expect(sink.runs).toEqual([]);

    session.changeKernel(null);
    expect(sink.last).toEqual(['no-kernel', null]);
  });

  it('drops an install reply that arrives after the kernel changed', async () => {
    const first = new FakeKernel();
    const { session, sink } = await start(first);
    session.changeKernel(new FakeKernel('julia'));
    await flush();
    first.executes[0].reply('error', 'too late');
    await flush();
    expect(sink.last?.[0]).toBe('timings-only');
  });

  it('adopts the newest comm when another tab reinstalls the probe', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const mine = kernel.hello();
    mine.closeFromKernel();
    const theirs = kernel.hello();
    mine.receive(runs('through-old-comm'));
    theirs.receive(runs('through-new-comm'));
    expect(sink.runs.map(([id]) => id)).toEqual(['through-new-comm']);
  });

  it('times non-Python kernels from their messages and says advice needs Python', async () => {
    const kernel = new FakeKernel('R');
    const { sink } = await start(kernel);
    expect(kernel.executes).toHaveLength(0);
    expect(sink.last?.[0]).toBe('timings-only');
    expect(sink.last?.[1]).toContain('Python');

    kernel.executeCell('r-cell', 1_000, 3_500, {
      status: 'error',
      ename: 'simpleError',
      evalue: 'object not found'
    });
    kernel.executeCell('skipped', 3_600, 3_601, { status: 'aborted' });
    expect(sink.runs).toEqual([
      [
        'r-cell',
        {
          wall_s: 2.5,
          cpu_s: 0,
          children_cpu_s: 0,
          peak_rss_delta_bytes: 0,
          imported: [],
          ok: false,
          error: 'simpleError: object not found',
          timing_only: true
        }
      ]
    ]);
    expect(sink.runningNow).toBeNull();
  });

  it('adds no timing records of its own while the probe measures', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    kernel.hello();
    kernel.executeCell('probed-cell', 0, 2000);
    expect(sink.runs).toEqual([]);
  });

  it('shows the running cell from the browser clock', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const before = Date.now();
    const id = kernel.sendCell('slow');
    kernel.emit(id, 'status', 5, { execution_state: 'busy' }); // a kernel clock far behind
    expect(sink.runningNow?.cellId).toBe('slow');
    expect(sink.runningNow?.since).toBeGreaterThanOrEqual(before);
    kernel.emit(id, 'status', 9, { execution_state: 'idle' });
    expect(sink.runningNow).toBeNull();
  });

  it('uses timings only while switched off, installs when switched on, removes when off', async () => {
    const kernel = new FakeKernel();
    const { client, sink } = await start(kernel, false);
    expect(kernel.executes).toHaveLength(0);
    expect(sink.last?.[0]).toBe('timings-only');
    kernel.executeCell('a', 0, 1000);
    expect(sink.runs).toHaveLength(1);

    client.setEnabled(true);
    await flush();
    expect(kernel.executes).toHaveLength(1);
    const comm = kernel.hello();

    client.setEnabled(false);
    await flush();
    expect(kernel.executes[1].content.code).toBe(UNINSTALL_CODE);
    expect(comm.closed).toBe(true);
    expect(sink.last?.[0]).toBe('timings-only');
  });

  it('falls back to timings when the install fails in the kernel', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    kernel.executes[0].reply('error', "name 'x' is not defined");
    await flush();
    expect(sink.last?.[0]).toBe('error');
    expect(sink.last?.[1]).toContain("name 'x' is not defined");
    kernel.executeCell('a', 0, 1000);
    expect(sink.runs[0][1].timing_only).toBe(true);
  });

  it("falls back to timings when the probe's code cannot be fetched, and fetches again next time", async () => {
    const kernel = new FakeKernel();
    let fail = true;
    const load = () =>
      fail
        ? Promise.reject(
            new Error('the probe code could not be loaded (HTTP 404)')
          )
        : loadInstallCode();
    const { session, sink } = await start(kernel, true, true, load);
    expect(kernel.executes).toEqual([]);
    expect(sink.last?.[0]).toBe('error');
    expect(sink.last?.[1]).toContain('HTTP 404');
    kernel.executeCell('a', 0, 1000);
    expect(sink.runs[0][1].timing_only).toBe(true);

    fail = false;
    const next = new FakeKernel();
    session.changeKernel(next);
    await flush();
    expect(next.executes.map(e => e.content.code)).toEqual([INSTALL_CODE]);
  });

  it('sends no install for a kernel left while its code was being fetched', async () => {
    const first = new FakeKernel();
    let release: (code: string) => void = () => undefined;
    let calls = 0;
    const load = () => {
      calls += 1;
      return calls === 1
        ? new Promise<string>(resolve => (release = resolve))
        : loadInstallCode();
    };
    const { session } = await start(first, true, true, load);
    const second = new FakeKernel();
    session.changeKernel(second);
    await flush();
    release(INSTALL_CODE);
    await flush();
    expect(first.executes).toEqual([]);
    expect(second.executes).toHaveLength(1);
  });

  it('reports a probe fault, and recovers when records come again', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const comm = kernel.hello();
    comm.receive({
      type: 'fault',
      where: 'post_run_cell',
      error: 'OSError: x'
    });
    expect(sink.last?.[0]).toBe('error');
    expect(sink.last?.[1]).toContain('OSError: x');
    comm.receive(runs('a'));
    expect(sink.last).toEqual(['probed', null]);
  });

  it('answers a facts request, and never leaves one hanging', async () => {
    const kernel = new FakeKernel();
    const { client, session, sink } = await start(kernel);
    const comm = kernel.hello();
    const done = client.requestFacts();
    expect(comm.sent).toEqual([{ type: 'facts-request', request_id: 1 }]);
    const variables = {
      big: { type: 'ndarray', nbytes: 800, shape: [100], dtype: 'float64' }
    };
    comm.receive({
      type: 'facts',
      request_id: 1,
      facts: { ...HELLO_FACTS, variables }
    });
    await done;
    expect(sink.facts_[1].variables.big.nbytes).toBe(800);

    const pending = client.requestFacts();
    session.changeKernel(null);
    await expect(pending).resolves.toBeUndefined();
    await expect(client.requestFacts()).resolves.toBeUndefined(); // no probe: nothing to ask
  });

  it('stops following the kernel when disposed', async () => {
    const kernel = new FakeKernel();
    const { client, sink } = await start(kernel);
    const comm = kernel.hello();
    client.dispose();
    comm.receive(runs('late'));
    kernel.executeCell('late', 0, 10);
    expect(sink.runs).toEqual([]);
    expect(kernel.targets.size).toBe(0);
  });

  it("passes the hello's profiling settings on, and asks nothing while both agree", async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel);
    const comm = kernel.hello();
    expect(sink.profiling_).toEqual([PROFILING]);
    expect(comm.sent).toEqual([]);
  });

  it('switches profiling off after every hello while the setting is off', async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(kernel, true, false);
    const first = kernel.hello();
    expect(first.sent).toEqual([{ type: 'profile', enabled: false }]);

    session.statusChanged.emit('restarting');
    session.statusChanged.emit('idle');
    await flush();
    const second = kernel.hello(); // a new probe starts with profiling on
    expect(second.sent).toEqual([{ type: 'profile', enabled: false }]);
    expect(sink.last).toEqual(['probed', null]);
  });

  it('sends the setting when it changes live, and only then', async () => {
    const kernel = new FakeKernel();
    const { client } = await start(kernel);
    client.setProfiling(false); // before the hello: nothing to send to yet
    const comm = kernel.hello();
    expect(comm.sent).toEqual([{ type: 'profile', enabled: false }]);
    client.setProfiling(false);
    client.setProfiling(true);
    expect(comm.sent).toEqual([
      { type: 'profile', enabled: false },
      { type: 'profile', enabled: true }
    ]);
  });

  it('switches profiling back on in a probe that says it is off', async () => {
    const kernel = new FakeKernel();
    await start(kernel);
    const comm = kernel.hello(HELLO_FACTS, { ...PROFILING, enabled: false });
    expect(comm.sent).toEqual([{ type: 'profile', enabled: true }]);
  });

  it('keeps working with a probe whose hello has no profiling settings', async () => {
    const kernel = new FakeKernel();
    const { sink } = await start(kernel, true, false);
    const comm = kernel.hello(HELLO_FACTS, null);
    expect(sink.profiling_).toEqual([null]);
    expect(sink.last).toEqual(['probed', null]);
    // An older probe ignores the request; sending it costs nothing.
    expect(comm.sent).toEqual([{ type: 'profile', enabled: false }]);
  });

  it('keeps an "events" fault on show until the next hello, timing runs meanwhile', async () => {
    const kernel = new FakeKernel();
    const { session, sink } = await start(kernel);
    const comm = kernel.hello();
    comm.receive({
      type: 'fault',
      where: 'events',
      error: "IPython's event manager was replaced"
    });
    expect(sink.last?.[0]).toBe('error');
    expect(sink.last?.[1]).toContain(
      'Wall times only until the kernel restarts'
    );
    comm.receive(runs('pending-before-the-fault'));
    comm.receive({ type: 'fault', where: 'send', error: 'OSError: y' });
    expect(sink.last?.[1]).toContain('Wall times only');
    expect(
      sink.statuses.filter(([status]) => status === 'probed')
    ).toHaveLength(1);
    // The probe measures no more: the kernel's messages time the next cell.
    kernel.executeCell('after', 0, 1500);
    expect(sink.runs.map(([id, record]) => [id, record.timing_only])).toEqual([
      ['pending-before-the-fault', undefined],
      ['after', true]
    ]);

    session.statusChanged.emit('restarting');
    kernel.restartProcess();
    kernel.status(session, 'idle');
    await flush();
    kernel.hello();
    expect(sink.last).toEqual(['probed', null]);
    kernel.executeCell('probed-again', 2000, 3000);
    expect(sink.runs.map(([id]) => id)).not.toContain('probed-again');
  });
});

/**
 * The real ProbeClient against a real Jupyter server and ipykernel, through JupyterLab's own
 * services over a websocket: what the extension does in the browser, minus the browser. Run by
 * tests/test_probe_frontend.py (bundled with esbuild, run with node); writes a JSON report to $REPORT.
 */
import type { Kernel } from '@jupyterlab/services';
import { KernelManager, ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Signal } from '@lumino/signaling';
import { writeFileSync } from 'fs';
import WebSocket from 'ws';

import type { IProbeProfiling, IRunRecord } from '../../contracts/facts';
import type { KernelStatus } from '../../contracts/measurements';
import type { ProbeSession } from '../client';
import { ProbeClient } from '../client';
import { loadInstallCode } from './fakekernel';

const trans = {
  __: (text: string, ...args: unknown[]) =>
    text.replace(/%(\d)/g, (_, i: string) => String(args[Number(i) - 1]))
} as unknown as TranslationBundle;

const events: {
  statuses: KernelStatus[];
  runs: [string, IRunRecord][];
  profiling: (IProbeProfiling | null)[];
} = {
  statuses: [],
  runs: [],
  profiling: []
};
const running = new Set<string>();

async function until(what: string, test: () => boolean, ms = 30000) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) {
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(events)}`
      );
    }
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

async function runCell(
  kernel: Kernel.IKernelConnection,
  cellId: string,
  code: string
) {
  const future = kernel.requestExecute({ code }, true, { cellId });
  await future.done;
  await until(`a run of ${cellId}`, () =>
    events.runs.some(([id]) => id === cellId)
  );
  return events.runs
    .filter(([id]) => id === cellId)
    .map(([, record]) => record);
}

async function main(): Promise<void> {
  const serverSettings = ServerConnection.makeSettings({
    baseUrl: process.env.JUPYTER_URL,
    wsUrl: process.env.JUPYTER_URL?.replace(/^http/, 'ws'),
    token: process.env.JUPYTER_TOKEN,
    appendToken: true,
    WebSocket
  });
  const manager = new KernelManager({ serverSettings });
  const kernel = await manager.startNew({ name: 'python3' });
  const session = {
    kernelChanged: new Signal(kernel),
    statusChanged: kernel.statusChanged,
    session: { kernel }
  } as unknown as ProbeSession;
  const client = new ProbeClient({
    session,
    trans,
    enabled: true,
    profile: true,
    installCode: loadInstallCode,
    sink: {
      status: status => events.statuses.push(status),
      facts: () => undefined,
      profiling: profiling => events.profiling.push(profiling),
      run: (cellId, record) => events.runs.push([cellId, record]),
      running: now => now && running.add(now.cellId)
    }
  });
  const report: Record<string, unknown> = {};
  try {
    await until('the probe', () => events.statuses.includes('probed'));
    report.first = await runCell(
      kernel,
      'live-1',
      'import time\ntime.sleep(0.3)'
    );
    report.sawRunning = running.has('live-1');
    report.hello = events.profiling[0];

    // The profile setting, switched live: the timings stay, the profile goes.
    client.setProfiling(false);
    report.profilingOff = await runCell(
      kernel,
      'live-1-off',
      'import time\ntime.sleep(0.3)'
    );

    // A restarted kernel's new probe starts with profiling on: the client switches it off again.
    await kernel.restart();
    await until(
      'a reinstall',
      () => events.statuses.filter(s => s === 'probed').length === 2
    );
    report.afterRestart = await runCell(
      kernel,
      'live-2',
      'import time\ntime.sleep(0.3)'
    );
    client.setProfiling(true);
    report.profilingOn = await runCell(
      kernel,
      'live-2-on',
      'import time\ntime.sleep(0.3)'
    );

    client.setEnabled(false);
    await until(
      'timings only',
      () => events.statuses[events.statuses.length - 1] === 'timings-only'
    );
    report.switchedOff = await runCell(
      kernel,
      'live-3',
      'import time\ntime.sleep(0.2)'
    );
    const hooks = kernel.requestExecute({
      code: '',
      silent: true,
      store_history: false,
      user_expressions: {
        n: "len(get_ipython().events.callbacks['post_run_cell'])"
      }
    });
    const reply = (await hooks.done).content as unknown as {
      user_expressions: { n: { data: Record<string, string> } };
    };
    report.hooksAfterOff = reply.user_expressions.n.data['text/plain'];
    report.statuses = [...events.statuses];
  } finally {
    client.dispose();
    await kernel.shutdown();
    manager.dispose();
  }
  // JupyterLab's services log to the console: the report goes to its own file.
  writeFileSync(
    process.env.REPORT ?? 'live-report.json',
    JSON.stringify(report)
  );
}

main().catch(error => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});

import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IKernelView } from '../../types';
import { formatClock } from '../../format';

/** Props of the kernel section. */
export interface IKernelStateProps {
  trans: TranslationBundle;
  kernel: IKernelView;
  /** Whether the panel is visible: the live timer ticks only then. */
  active: boolean;
  /** Shows a cell (the running one) in the notebook. */
  onShowCell: (cellId: string) => void;
}

/** The kernel's state in plain words, always one of a known set, with a live timer while busy. */
export function KernelState(props: IKernelStateProps): JSX.Element {
  const { trans, kernel } = props;
  return (
    <section
      className="jp-Optimiser-section jp-Optimiser-kernel"
      aria-label={trans.__('Kernel')}
    >
      <div
        role="status"
        className="jp-Optimiser-kernelStatus"
        data-status={kernel.status}
      >
        <span className="jp-Optimiser-statusDot" aria-hidden="true" />
        <span>{statusText(trans, kernel)}</span>
      </div>
      {kernel.message && kernel.status !== 'probed' && (
        <div className="jp-Optimiser-note">{kernel.message}</div>
      )}
      {kernel.fallback && (
        <div className="jp-Optimiser-note">
          {trans.__(
            'The measurement plugin is not loaded: the panel shows only the times JupyterLab records.'
          )}
        </div>
      )}
      {kernel.running && (
        <RunningCell
          trans={trans}
          running={kernel.running}
          active={props.active}
          onShowCell={props.onShowCell}
        />
      )}
    </section>
  );
}

function statusText(trans: TranslationBundle, kernel: IKernelView): string {
  switch (kernel.status) {
    case 'no-kernel':
      return trans.__('No kernel: start one and run a cell to measure it.');
    case 'installing':
      return trans.__('Connecting the measurement probe…');
    case 'probed':
      return kernel.language
        ? trans.__('Measuring every run (%1).', kernel.language)
        : trans.__('Measuring every run.');
    case 'timings-only':
      return trans.__(
        'Timings only: wall times from JupyterLab; advice on CPU and memory needs a Python kernel with the probe.'
      );
    case 'restarting':
      return trans.__('Kernel restarting…');
    case 'dead':
      return trans.__('Kernel dead: restart it to measure again.');
    case 'error':
      return trans.__('The measurement probe reported a problem.');
  }
}

interface IRunningCellProps {
  trans: TranslationBundle;
  running: NonNullable<IKernelView['running']>;
  active: boolean;
  onShowCell: (cellId: string) => void;
}

function RunningCell(props: IRunningCellProps): JSX.Element {
  const { trans, running } = props;
  const label =
    running.index === null
      ? trans.__('A cell is running')
      : trans.__('Cell %1 is running', running.index);
  return (
    <div className="jp-Optimiser-running">
      <button
        type="button"
        className="jp-Optimiser-link"
        onClick={() => props.onShowCell(running.cellId)}
        disabled={running.index === null}
      >
        {label}
      </button>
      <ElapsedTimer trans={trans} since={running.since} active={props.active} />
    </div>
  );
}

/** Props of the live timer. */
export interface IElapsedTimerProps {
  trans: TranslationBundle;
  /** Start time, ms since the epoch. */
  since: number;
  /** Ticks only while true (the panel is visible). */
  active: boolean;
  /** The clock, for tests. */
  now?: () => number;
}

/** Time since `since`, updated every second while active. */
export function ElapsedTimer(props: IElapsedTimerProps): JSX.Element {
  const now = props.now ?? Date.now;
  const [time, setTime] = React.useState(now);
  React.useEffect(() => {
    if (!props.active) {
      return;
    }
    setTime(now());
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [props.active, props.since]);
  return (
    <span
      role="timer"
      className="jp-Optimiser-timer"
      aria-label={props.trans.__('Elapsed time')}
    >
      {formatClock(time - props.since)}
    </span>
  );
}

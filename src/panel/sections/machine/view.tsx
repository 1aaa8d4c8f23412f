import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IMachineFacts } from '../../../contracts/facts';
import type { IMachineView } from '../../types';
import { formatBytes } from '../../format';

/** Props of the machine section. */
export interface IMachineProps {
  trans: TranslationBundle;
  /** Null until the probe reports, or never (timings only). */
  machine: IMachineView | null;
  /** Copies an install command. */
  onCopy: (text: string) => void;
}

/** The machine the kernel runs on and the optimisation libraries it has or lacks. */
export function Machine(props: IMachineProps): JSX.Element {
  const { trans, machine } = props;
  return (
    <section
      className="jp-Optimiser-section jp-Optimiser-machine"
      aria-label={trans.__('This machine')}
    >
      <h3 className="jp-Optimiser-heading">{trans.__('This machine')}</h3>
      {machine === null ? (
        <p className="jp-Optimiser-empty">
          {trans.__(
            'Not measured yet: the probe reports the machine once a Python kernel is running.'
          )}
        </p>
      ) : (
        <>
          <dl className="jp-Optimiser-stats">
            {hardware(trans, machine.machine)}
          </dl>
          <Libraries {...props} machine={machine} />
        </>
      )}
    </section>
  );
}

function hardware(trans: TranslationBundle, facts: IMachineFacts): JSX.Element {
  const memory =
    facts.memory_bytes === null
      ? trans.__('unknown')
      : facts.memory_available_bytes === null
        ? formatBytes(trans, facts.memory_bytes)
        : trans.__(
            '%1 free of %2',
            formatBytes(trans, facts.memory_available_bytes),
            formatBytes(trans, facts.memory_bytes)
          );
  const gpus =
    facts.gpus.length === 0
      ? trans.__('none')
      : facts.gpus
          .map(gpu =>
            gpu.memory_bytes === null
              ? gpu.name
              : trans.__(
                  '%1 (%2)',
                  gpu.name,
                  formatBytes(trans, gpu.memory_bytes)
                )
          )
          .join(', ');
  return (
    <>
      <dt>{trans.__('Cores')}</dt>
      <dd>{trans._n('%1 usable core', '%1 usable cores', facts.cores)}</dd>
      <dt>{trans.__('Memory')}</dt>
      <dd>{memory}</dd>
      <dt>{trans.__('GPUs')}</dt>
      <dd>{gpus}</dd>
      <dt>{trans.__('Scheduler')}</dt>
      <dd>
        {facts.scheduler
          ? facts.scheduler.toUpperCase()
          : trans.__('none (a single machine)')}
      </dd>
    </>
  );
}

function Libraries(
  props: IMachineProps & { machine: IMachineView }
): JSX.Element {
  const { trans, machine } = props;
  return (
    <>
      <h4 className="jp-Optimiser-subheading">
        {trans.__('Optimisation libraries')}
      </h4>
      {machine.installed.length === 0 ? (
        <p className="jp-Optimiser-note">
          {trans.__('None of the usual ones is installed.')}
        </p>
      ) : (
        <ul className="jp-Optimiser-tags" aria-label={trans.__('Installed')}>
          {machine.installed.map(entry => (
            <li key={entry.name} className="jp-Optimiser-tag">
              {entry.name}{' '}
              <span className="jp-Optimiser-version">{entry.version}</span>
            </li>
          ))}
        </ul>
      )}
      {machine.missing.length > 0 && (
        <ul
          className="jp-Optimiser-missing"
          aria-label={trans.__('Needed by the advice, not installed')}
        >
          {machine.missing.map(entry => (
            <li key={entry.library}>
              <span>
                {trans.__(
                  '%1 is needed by the advice but not installed:',
                  entry.library
                )}
              </span>{' '}
              <code>{entry.install}</code>{' '}
              <button
                type="button"
                className="jp-Optimiser-link"
                aria-label={trans.__(
                  'Copy the command that installs %1',
                  entry.library
                )}
                onClick={() => props.onCopy(entry.install)}
              >
                {trans.__('Copy')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IBeforeAfter } from '../../types';
import { formatSeconds, formatSpeedup } from '../../format';

/** Props of a rewrite's before/after. */
export interface IBeforeAfterProps {
  trans: TranslationBundle;
  result: IBeforeAfter;
}

/**
 * The original cell's time beside the rewrite's and the speed-up, once the user ran them. The
 * verify cell's speed-up (same inputs, best of several runs) is preferred over the ratio of the
 * two last runs.
 */
export function BeforeAfter(props: IBeforeAfterProps): JSX.Element {
  const { trans, result } = props;
  const { beforeS, afterS, verify } = result;
  const measured =
    beforeS !== null && afterS !== null && afterS > 0 ? beforeS / afterS : null;
  const fromVerify = typeof verify?.speedup === 'number';
  const speedup = verify?.speedup ?? measured;
  return (
    <div
      role="group"
      aria-label={trans.__('Before and after')}
      className="jp-Optimiser-beforeAfter"
      data-verified={verify ? String(verify.equal) : 'pending'}
    >
      <div className="jp-Optimiser-figures">
        <Figure
          label={trans.__('Before')}
          value={seconds(trans, beforeS)}
          note={trans.__('your cell')}
        />
        <Figure
          label={trans.__('After')}
          value={seconds(trans, afterS)}
          note={trans.__('the rewrite')}
        />
        <Figure
          label={trans.__('Speed-up')}
          value={speedup === null ? '—' : formatSpeedup(speedup)}
          note={fromVerify ? trans.__('verify cell') : trans.__('last runs')}
        />
      </div>
      <p
        className="jp-Optimiser-note"
        role={verify && !verify.equal ? 'alert' : undefined}
      >
        {statusText(trans, result)}
      </p>
      {verify && <code className="jp-Optimiser-verifyLine">{verify.line}</code>}
    </div>
  );
}

function Figure(props: {
  label: string;
  value: string;
  note: string;
}): JSX.Element {
  return (
    <div className="jp-Optimiser-figure">
      <span className="jp-Optimiser-figureLabel">{props.label}</span>
      <strong className="jp-Optimiser-figureValue">{props.value}</strong>
      <span className="jp-Optimiser-figureNote">{props.note}</span>
    </div>
  );
}

function seconds(trans: TranslationBundle, value: number | null): string {
  return value === null ? '—' : formatSeconds(trans, value);
}

function statusText(trans: TranslationBundle, result: IBeforeAfter): string {
  if (result.afterS === null) {
    return trans.__(
      'Inserted below: run the new cells, then the verify cell, to compare.'
    );
  }
  if (result.verify === null) {
    return result.verifyCellId
      ? trans.__('Now run the verify cell to check that the results agree.')
      : trans.__(
          'No verify cell: check the results agree before trusting the speed-up.'
        );
  }
  return result.verify.equal
    ? trans.__('The verify cell says the results agree.')
    : trans.__(
        'The verify cell says the results differ: fix the rewrite before trusting its speed.'
      );
}

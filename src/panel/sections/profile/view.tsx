import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import { formatSeconds } from '../../format';
import type { ISplit } from './markers';
import { formatShare } from './markers';
import type { IHotLine, ProfileSection } from './state';

/** Props of the shown cell's line profile. */
export interface IProfileViewProps {
  trans: TranslationBundle;
  section: ProfileSection;
  /** The shown cell's 1-based position, for the links' accessible names. */
  cellIndex: number;
  /** Moves the editor's cursor to a 1-based line of a cell (the panel keeps its cell). */
  onGoToLine: (cellId: string, line: number) => void;
}

/** Where the latest run's time went, line by line, or why that is not known. */
export function ProfileView(props: IProfileViewProps): JSX.Element {
  const { trans, section } = props;
  return (
    <div className="jp-Optimiser-profile" data-kind={section.kind}>
      <h4 className="jp-Optimiser-subheading">
        {trans.__('Where the time went')}
      </h4>
      <Body {...props} />
    </div>
  );
}

function Body(props: IProfileViewProps): JSX.Element {
  const { trans, section } = props;
  switch (section.kind) {
    case 'off':
      return (
        <p className="jp-Optimiser-note">
          {trans.__(
            'Profiling is off in the settings: runs are timed, not profiled line by line.'
          )}
        </p>
      );
    case 'too-short':
      return (
        <p className="jp-Optimiser-note">
          {trans.__(
            'Too short to be profiled: the last run took %1; runs longer than %2 are profiled line by line.',
            formatSeconds(trans, section.wallS),
            formatSeconds(trans, section.delayS)
          )}
        </p>
      );
    case 'unprofiled':
      return (
        <p className="jp-Optimiser-note">
          {trans.__(
            'The last run has no line profile (profiling was off, or an older probe took it): run the cell again to see where its time goes.'
          )}
        </p>
      );
    case 'profiled':
      return <HotLines {...props} section={section} />;
  }
}

function HotLines(
  props: IProfileViewProps & {
    section: Extract<ProfileSection, { kind: 'profiled' }>;
  }
): JSX.Element {
  const { trans, section } = props;
  if (section.lines.length === 0) {
    return (
      <p className="jp-Optimiser-note">
        {trans.__(
          'No line of the notebook stood out: the time went to IPython or to code outside the notebook.'
        )}
      </p>
    );
  }
  return (
    <>
      <ol
        className="jp-Optimiser-hotLines"
        aria-label={trans.__('Hot lines, heaviest first')}
      >
        {section.lines.map(line => (
          <HotLine key={`${line.cellId}:${line.line}`} {...props} hot={line} />
        ))}
      </ol>
      <p className="jp-Optimiser-summary">
        {trans._n(
          '%1 sample; other lines and IPython: %2',
          '%1 samples; other lines and IPython: %2',
          section.samples,
          formatShare(trans, section.restShare)
        )}
      </p>
    </>
  );
}

function HotLine(props: IProfileViewProps & { hot: IHotLine }): JSX.Element {
  const { trans, hot } = props;
  const cellIndex = hot.cellIndex ?? props.cellIndex;
  const where = hot.inShownCell
    ? trans.__('line %1', hot.line)
    : hot.cellIndex !== null
      ? trans.__('cell %1, line %2', hot.cellIndex, hot.line)
      : trans.__('a deleted cell, line %1', hot.line);
  return (
    <li
      className="jp-Optimiser-hotLine"
      data-cell-id={hot.cellId}
      data-line={hot.line}
    >
      <div className="jp-Optimiser-hotLineHeader">
        {hot.cellIndex === null ? (
          <span className="jp-Optimiser-hotLineWhere">{where}</span>
        ) : (
          <button
            type="button"
            className="jp-Optimiser-link jp-Optimiser-hotLineLink"
            aria-label={trans.__(
              'Go to line %1 of cell %2',
              hot.line,
              cellIndex
            )}
            onClick={() => props.onGoToLine(hot.cellId, hot.line)}
          >
            {where}
          </button>
        )}
        <span className="jp-Optimiser-hotLineShare">
          {trans.__(
            '%1 of the run (%2)',
            formatShare(trans, hot.share),
            formatSeconds(trans, hot.seconds)
          )}
        </span>
      </div>
      {hot.code && <code className="jp-Optimiser-hotLineCode">{hot.code}</code>}
      <SplitBar trans={trans} split={hot.split} />
      {hot.call && (
        <p className="jp-Optimiser-hotLineCall">
          {trans.__(
            'Heaviest call under it: %1 (%2)',
            hot.call.name,
            formatSeconds(trans, hot.call.seconds)
          )}
        </p>
      )}
    </li>
  );
}

/** The line's time split into Python, native code and waiting: a bar and the same in words. */
function SplitBar(props: {
  trans: TranslationBundle;
  split: ISplit;
}): JSX.Element {
  const { trans, split } = props;
  const parts = [
    { kind: 'python', share: split.python, label: trans.__('Python') },
    { kind: 'native', share: split.native, label: trans.__('native') },
    { kind: 'waiting', share: split.waiting, label: trans.__('waiting') }
  ];
  const words = parts
    .map(part => `${part.label} ${formatShare(trans, part.share)}`)
    .join(' · ');
  let x = 0;
  return (
    <div className="jp-Optimiser-split">
      <svg
        className="jp-Optimiser-splitBar"
        viewBox="0 0 100 4"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        {parts.map(part => {
          const rect = (
            <rect
              key={part.kind}
              className="jp-Optimiser-splitPart"
              data-kind={part.kind}
              x={x}
              y={0}
              width={part.share * 100}
              height={4}
            />
          );
          x += part.share * 100;
          return rect;
        })}
      </svg>
      <span className="jp-Optimiser-splitWords">{words}</span>
    </div>
  );
}

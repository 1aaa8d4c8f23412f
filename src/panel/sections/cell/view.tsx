import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IReadProgress } from '../../reader';
import type { ISelectedCell } from '../../types';
import type { IAdviceActions } from '../advice/view';
import { AdviceCard, DiagnosisSentence } from '../advice/view';
import { formatMessage } from '../../../contracts/messages';
import { BeforeAfter } from '../beforeafter/view';
import { ProfileView } from '../profile/view';
import { formatSeconds } from '../../format';
import { useRovingFocus } from '../../roving';
import { RunHistory } from './history';

/** Props of the selected cell's section. */
export interface ICellSectionProps extends IAdviceActions {
  trans: TranslationBundle;
  cell: ISelectedCell;
  /** Usable cores, for "cores busy: 1.0 of 16". */
  cores: number | null;
  thresholdSeconds: number;
  /** How far the notebook's code is read, while the advice waits for it; null once read. */
  reading?: IReadProgress | null;
}

/** The shown cell: its runs, then the advice best first, then what was dismissed. */
export function CellSection(props: ICellSectionProps): JSX.Element {
  const { trans, cell } = props;
  return (
    <section
      className="jp-Optimiser-section jp-Optimiser-cell"
      aria-label={trans.__('Selected cell')}
      data-cell-id={cell.id}
    >
      <h3 className="jp-Optimiser-heading">
        {trans.__('Cell %1', cell.index)}
      </h3>
      <code className="jp-Optimiser-cellLabel">{cell.label}</code>
      <Measured {...props} />
      {cell.type === 'code' && <AdviceList {...props} />}
    </section>
  );
}

function Measured(props: ICellSectionProps): JSX.Element {
  const { trans, cell } = props;
  if (cell.type !== 'code') {
    return (
      <p className="jp-Optimiser-note">
        {trans.__('Not a code cell: nothing to time.')}
      </p>
    );
  }
  return (
    <>
      {cell.running && (
        <p className="jp-Optimiser-note" role="status">
          {trans.__('Running now…')}
        </p>
      )}
      {cell.stats ? (
        <RunHistory
          trans={trans}
          runs={cell.runs}
          stats={cell.stats}
          cores={cell.timingsOnly ? null : props.cores}
        />
      ) : (
        <p className="jp-Optimiser-callout" data-kind="measure">
          {trans.__(
            'Run it once to measure: until then the advice reads only the code.'
          )}
        </p>
      )}
      {cell.profile && (
        <ProfileView
          trans={trans}
          section={cell.profile}
          cellIndex={cell.index}
          onGoToLine={props.onGoToLine}
        />
      )}
      {cell.fastEnough && cell.stats && (
        <p className="jp-Optimiser-note" data-kind="fast">
          {trans.__(
            'Fast enough: the last run took %1, under the %2 threshold.',
            formatSeconds(trans, cell.stats.lastS),
            formatSeconds(trans, props.thresholdSeconds)
          )}
        </p>
      )}
    </>
  );
}

function AdviceList(props: ICellSectionProps): JSX.Element {
  const { trans, cell } = props;
  const roving = useRovingFocus(cell.cards.length, 0);
  return (
    <div className="jp-Optimiser-adviceSection">
      <h4 className="jp-Optimiser-subheading">{trans.__('What to do next')}</h4>
      {props.reading && !cell.otherLanguage ? (
        <Reading trans={trans} progress={props.reading} />
      ) : cell.cards.length === 0 ? (
        <p className="jp-Optimiser-empty">{emptyText(trans, cell)}</p>
      ) : (
        <>
          {cell.diagnosis && (
            <DiagnosisSentence
              trans={trans}
              message={cell.diagnosis}
              cellIndexOf={() => cell.index}
              onGoToLine={props.onGoToLine}
            />
          )}
          <ul
            className="jp-Optimiser-adviceList"
            aria-label={trans.__('Advice, best first')}
            onKeyDown={roving.onKeyDown}
          >
            {cell.cards.map((card, position) => (
              <AdviceCard
                key={card.advice.rule}
                trans={trans}
                cellId={cell.id}
                cellIndex={cell.index}
                card={card}
                tabIndex={roving.tabIndex(position)}
                refCallback={roving.ref(position)}
                onGoToLine={props.onGoToLine}
                onInsert={props.onInsert}
                onDismiss={props.onDismiss}
              />
            ))}
          </ul>
        </>
      )}
      {cell.otherResults.map(result => (
        <div
          key={result.rule}
          className="jp-Optimiser-otherResult"
          data-rule={result.rule}
        >
          <h5 className="jp-Optimiser-subheading">
            {trans.__('Your %1 rewrite', result.rule)}
          </h5>
          <BeforeAfter trans={trans} result={result} />
        </div>
      ))}
      <Dismissed {...props} />
    </div>
  );
}

/** The advice is on its way: the notebook's code is still being read. */
function Reading(props: {
  trans: TranslationBundle;
  progress: IReadProgress;
}): JSX.Element {
  const { trans, progress } = props;
  const failed = progress.parserMissing?.failed;
  if (failed) {
    return (
      <p className="jp-Optimiser-note" role="status" data-kind="unreadable">
        {trans.__(
          'The code cannot be read, so there is no advice: %1. The timings above still apply.',
          failed
        )}
      </p>
    );
  }
  return (
    <p className="jp-Optimiser-note" role="status" data-kind="reading">
      {trans._n(
        'Reading %1 code cell… (%2 done)',
        'Reading %1 code cells… (%2 done)',
        progress.total,
        progress.read
      )}
    </p>
  );
}

function emptyText(trans: TranslationBundle, cell: ISelectedCell): string {
  if (cell.otherLanguage) {
    return trans.__(
      'The advice reads Python; this notebook runs %1. The timings above still apply.',
      cell.otherLanguage
    );
  }
  if (cell.notRead) {
    return cell.notRead.reason === 'cell-magic'
      ? trans.__(
          'Not Python code (%1): not analysed. The timings above still apply.',
          cell.notRead.magic
        )
      : trans.__(
          'Only magics and shell commands: not analysed. The timings above still apply.'
        );
  }
  if (cell.fastEnough) {
    return trans.__('Nothing to do for this cell.');
  }
  if (cell.dismissed.length > 0) {
    return trans.__('All advice for this cell is dismissed.');
  }
  if (cell.waiting) {
    return trans.__(
      'Waiting, not computing: the last run spent its time waiting (for files, the network or another program), so faster code would not shorten it.'
    );
  }
  if (cell.stats && cell.interpreterBound) {
    return trans.__(
      'No step to suggest for this code as written, although the Python interpreter holds the time (the lines above say where): the rewrites cover loops over numbers, arrays and rows, and this time is in code they do not follow, such as methods of objects.'
    );
  }
  return cell.stats
    ? trans.__(
        'No step to suggest: this cell already does what the lesson would try next on this machine.'
      )
    : trans.__('Nothing stands out in the code alone.');
}

function Dismissed(props: ICellSectionProps): JSX.Element | null {
  const { trans, cell } = props;
  const [open, setOpen] = React.useState(false);
  if (cell.dismissed.length === 0) {
    return null;
  }
  return (
    <div className="jp-Optimiser-dismissed">
      <button
        type="button"
        className="jp-Optimiser-link"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {trans._n('%1 dismissed', '%1 dismissed', cell.dismissed.length)}
      </button>
      {open && (
        <ul aria-label={trans.__('Dismissed advice')}>
          {cell.dismissed.map(advice => (
            <li key={advice.rule}>
              {formatMessage(advice.title, template => trans.__(template))}{' '}
              <button
                type="button"
                className="jp-Optimiser-link"
                onClick={() => props.onDismiss(cell.id, advice.rule, false)}
              >
                {trans.__('Show again')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { Confidence, IEvidence, RuleId } from '../../../contracts/advice';
import type { IMessage } from '../../../contracts/messages';
import { formatMessage } from '../../../contracts/messages';
import type { IAdviceCard } from '../../types';
import { BeforeAfter } from '../beforeafter/view';
import { LineLink, linksALine, MessageText } from './messagetext';

/** What a card can do with the notebook. */
export interface IAdviceActions {
  /** Moves the editor's cursor to a 1-based line of the cell. */
  onGoToLine: (cellId: string, line: number) => void;
  /** Inserts the rule's template and verify cell below the cell. */
  onInsert: (cellId: string, rule: RuleId) => Promise<void>;
  /** Hides (or shows again) the rule's advice for this cell. */
  onDismiss: (cellId: string, rule: RuleId, dismissed: boolean) => void;
}

/** Props of one advice card. */
export interface IAdviceCardProps extends IAdviceActions {
  trans: TranslationBundle;
  cellId: string;
  cellIndex: number;
  card: IAdviceCard;
  tabIndex: number;
  refCallback: (node: HTMLElement | null) => void;
}

/** One piece of advice: what to do, why (with line links), how sure, Insert and Dismiss. */
export function AdviceCard(props: IAdviceCardProps): JSX.Element {
  const { trans, card, cellId } = props;
  const { advice } = card;
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const titleId = `jp-Optimiser-advice-${cellId}-${advice.rule}`;
  const elsewhere = card.elsewhere;
  const cellIndexOf = (id: string) =>
    elsewhere && id === elsewhere.cellId ? elsewhere.index : props.cellIndex;
  const text = (message: IMessage) => (
    <MessageText
      trans={trans}
      message={message}
      cellIndexOf={cellIndexOf}
      onLine={props.onGoToLine}
    />
  );
  const insert = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onInsert(cellId, advice.rule);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="jp-Optimiser-adviceItem">
      <article
        className="jp-Optimiser-advice"
        aria-labelledby={titleId}
        data-rule={advice.rule}
        tabIndex={props.tabIndex}
        ref={props.refCallback}
      >
        <header className="jp-Optimiser-adviceHeader">
          <h4 id={titleId} className="jp-Optimiser-adviceTitle">
            {formatMessage(advice.title, template => trans.__(template))}
          </h4>
          <span
            className="jp-Optimiser-confidence"
            data-confidence={advice.confidence}
          >
            {confidenceText(trans, advice.confidence)}
          </span>
        </header>
        <p className="jp-Optimiser-why">{text(advice.why)}</p>
        {elsewhere && (
          <p className="jp-Optimiser-note">
            {elsewhere.functionName
              ? trans.__(
                  '%1 is defined in cell %2:',
                  elsewhere.functionName,
                  elsewhere.index
                )
              : trans.__('The code is in cell %1:', elsewhere.index)}{' '}
            <LineLink
              trans={trans}
              line={elsewhere.line}
              cellIndex={elsewhere.index}
              label={trans.__('go to line %1', elsewhere.line)}
              onLine={line => props.onGoToLine(elsewhere.cellId, line)}
            />
          </p>
        )}
        {advice.evidence.length > 0 && (
          <ul
            className="jp-Optimiser-evidence"
            aria-label={trans.__('Evidence')}
          >
            {advice.evidence.map((item, position) => (
              <Evidence
                key={position}
                trans={trans}
                item={item}
                cellIndex={props.cellIndex}
                text={text(item.text)}
                onLine={line => props.onGoToLine(cellId, line)}
              />
            ))}
          </ul>
        )}
        {card.result && <BeforeAfter trans={trans} result={card.result} />}
        {error && (
          <p role="alert" className="jp-Optimiser-error">
            {trans.__('Could not insert: %1', error)}
          </p>
        )}
        <div className="jp-Optimiser-actions">
          <button
            type="button"
            className="jp-Optimiser-button jp-mod-accept"
            onClick={() => void insert()}
            disabled={busy || advice.insert.length === 0}
            title={
              advice.insert.length === 0
                ? trans.__('This step has no code to insert.')
                : undefined
            }
          >
            {card.result ? trans.__('Insert again') : trans.__('Insert')}
          </button>
          <button
            type="button"
            className="jp-Optimiser-button"
            onClick={() => props.onDismiss(cellId, advice.rule, true)}
          >
            {trans.__('Dismiss')}
          </button>
        </div>
      </article>
    </li>
  );
}

function confidenceText(
  trans: TranslationBundle,
  confidence: Confidence
): string {
  switch (confidence) {
    case 'high':
      return trans.__('high confidence');
    case 'medium':
      return trans.__('medium confidence');
    case 'low':
      return trans.__('low confidence');
  }
}

interface IEvidenceProps {
  trans: TranslationBundle;
  item: IEvidence;
  cellIndex: number;
  /** The item's words, with their line links. */
  text: JSX.Element;
  /** Goes to a line of the shown cell (an item's `line` is always in it). */
  onLine: (line: number) => void;
}

function Evidence(props: IEvidenceProps): JSX.Element {
  const { trans, item } = props;
  return (
    <li data-kind={item.kind}>
      <span className="jp-Optimiser-evidenceKind">
        {kindText(trans, item.kind)}
      </span>{' '}
      {props.text}
      {item.line !== undefined && !linksALine(item.text) && (
        <>
          {' '}
          <LineLink
            trans={trans}
            line={item.line}
            cellIndex={props.cellIndex}
            onLine={props.onLine}
            label={trans.__('line %1', item.line)}
          />
        </>
      )}
    </li>
  );
}

function kindText(trans: TranslationBundle, kind: IEvidence['kind']): string {
  switch (kind) {
    case 'measured':
      return trans.__('Measured:');
    case 'code':
      return trans.__('Code:');
    case 'machine':
      return trans.__('Machine:');
  }
}

/** Props of the diagnosis sentence. */
export interface IDiagnosisSentenceProps {
  trans: TranslationBundle;
  message: IMessage;
  /** The 1-based position of a cell, by id. */
  cellIndexOf: (cellId: string) => number;
  onGoToLine: (cellId: string, line: number) => void;
}

/** What limits the cell, in one sentence above its cards ("Bottleneck: ..., line 9 — ..."). */
export function DiagnosisSentence(props: IDiagnosisSentenceProps): JSX.Element {
  return (
    <p className="jp-Optimiser-diagnosis">
      <MessageText
        trans={props.trans}
        message={props.message}
        cellIndexOf={props.cellIndexOf}
        onLine={props.onGoToLine}
      />
    </p>
  );
}

import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IMessage } from '../../../contracts/messages';
import { cellPositions, messageParts } from '../../../contracts/messages';

/** Props of a message with line links. */
export interface IMessageTextProps {
  trans: TranslationBundle;
  message: IMessage;
  /**
   * The 1-based position of a cell, by id, for the links' accessible names; cells the message
   * names itself ("line 2 of cell 4") are known without it.
   */
  cellIndexOf: (cellId: string) => number;
  /** Goes to a 1-based line of a cell. */
  onLine: (cellId: string, line: number) => void;
}

/**
 * A message worded through the translator, each line parameter a button that moves the editor
 * to that line of its cell. Built from text nodes and buttons: the words are never parsed, as
 * HTML or otherwise.
 */
export function MessageText(props: IMessageTextProps): JSX.Element {
  const parts = messageParts(props.message, template =>
    props.trans.__(template)
  );
  const named = cellPositions(props.message);
  const cellIndexOf = (cellId: string) =>
    named.get(cellId) ?? props.cellIndexOf(cellId);
  return (
    <>
      {parts.map((part, position) =>
        part.kind === 'text' ? (
          <React.Fragment key={position}>{part.text}</React.Fragment>
        ) : (
          <LineLink
            key={position}
            trans={props.trans}
            line={part.line}
            label={part.text}
            cellIndex={cellIndexOf(part.cellId)}
            onLine={line => props.onLine(part.cellId, line)}
          />
        )
      )}
    </>
  );
}

/** True when the message links a line itself (so no separate link is needed). */
export function linksALine(message: IMessage): boolean {
  return messageParts(message).some(part => part.kind === 'line');
}

/** Props of one line link. */
export interface ILineLinkProps {
  trans: TranslationBundle;
  line: number;
  label: string;
  cellIndex: number;
  onLine: (line: number) => void;
}

/** A button that moves the editor to a line; its accessible name says which cell. */
export function LineLink(props: ILineLinkProps): JSX.Element {
  return (
    <button
      type="button"
      className="jp-Optimiser-link jp-Optimiser-lineLink"
      aria-label={props.trans.__(
        'Go to line %1 of cell %2',
        props.line,
        props.cellIndex
      )}
      onClick={() => props.onLine(props.line)}
    >
      {props.label}
    </button>
  );
}

import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

// "line 4", "lines 3-5", "lines 2, 7 and 9": how the advice engine words line numbers.
const LINE_REFERENCE = /\blines?\s+\d+(?:\s*(?:[-–,]|and)\s*\d+)*/g;
// "(defined in cell X, line 4 there)": the numbers belong to the other cell.
const THERE = /^\s+there\b/;

/** Props of text with line links. */
export interface ILinkedTextProps {
  trans: TranslationBundle;
  text: string;
  /** The shown cell's 1-based position. */
  cellIndex: number;
  /** The position of the other cell that "line N there" refers to, if any. */
  otherIndex?: number | null;
  /** Goes to a line of the shown cell, or of the other cell when `inOther`. */
  onLine: (line: number, inOther: boolean) => void;
}

/**
 * Text with each cited line number made a button that moves the editor to that line. Built from
 * text nodes and buttons: the advice's words are never parsed as HTML.
 */
export function LinkedText(props: ILinkedTextProps): JSX.Element {
  const { text } = props;
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINE_REFERENCE)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const other = props.otherIndex ?? null;
    const inOther = other !== null && THERE.test(text.slice(end));
    parts.push(text.slice(last, start));
    for (const piece of match[0].split(/(\d+)/)) {
      if (!/^\d+$/.test(piece)) {
        parts.push(piece);
        continue;
      }
      parts.push(
        <LineLink
          key={`${start}-${parts.length}`}
          trans={props.trans}
          line={Number(piece)}
          label={piece}
          cellIndex={inOther && other !== null ? other : props.cellIndex}
          onLine={line => props.onLine(line, inOther)}
        />
      );
    }
    last = end;
  }
  parts.push(text.slice(last));
  return <>{parts}</>;
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

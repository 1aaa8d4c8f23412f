/**
 * The CLI's two outputs: JSON for programs (the documented shape, nothing more) and text for
 * people. Both word the advice's messages in English; the JSON carries each message's id and
 * parameters beside its English text. Cells are named by position, "cell 4" (1-based), as the
 * panel names them.
 */
import type { IAdvice, IEvidence } from '../contracts/advice';
import type { IMessage } from '../contracts/messages';
import { formatMessage } from '../contracts/messages';
import { seconds } from '../advice/words';
import type { CellPosition } from '../diagnosis';
import { diagnosisMessage } from '../diagnosis';
import type { ICellAdvice } from '../pipeline';

/** The `--json` document: `{"version": 1, "cells": [...]}` with the documented keys (an inserted cell also carries its metadata). */
export function jsonOutput(cells: readonly ICellAdvice[]): string {
  const positionOf = positions(cells);
  const document = {
    version: 1,
    cells: cells.map(cell => ({
      id: cell.id,
      index: cell.index,
      seconds: cell.seconds,
      diagnosis: jsonDiagnosis(cell, positionOf),
      advice: cell.advice.map(advice => ({
        rule: advice.rule,
        title: formatMessage(advice.title),
        why: formatMessage(advice.why),
        title_message: advice.title,
        why_message: advice.why,
        evidence: advice.evidence.map(jsonEvidence),
        confidence: advice.confidence,
        // Exactly the cells the panel would insert, metadata (rule, source cell, role) included.
        insert: advice.insert.map(cell =>
          cell.metadata === undefined
            ? { cell_type: cell.cell_type, source: cell.source }
            : {
                cell_type: cell.cell_type,
                source: cell.source,
                metadata: cell.metadata
              }
        )
      }))
    }))
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `{"kind", "confidence", "sentence", "sentence_message", "evidence": [{"fact", "value", "line"?,
 * "cell_id"?}]}`.
 */
function jsonDiagnosis(
  cell: ICellAdvice,
  positionOf: CellPosition
): Record<string, unknown> {
  const diagnosis = cell.diagnosis;
  const sentence = diagnosisMessage(diagnosis, cell.id, positionOf);
  return {
    kind: diagnosis.kind,
    confidence: diagnosis.confidence,
    sentence: formatMessage(sentence),
    sentence_message: sentence,
    evidence: diagnosis.evidence
  };
}

/** `{"kind", "text", "message", "line"?}`: the English text and the message it words. */
function jsonEvidence(evidence: IEvidence): {
  kind: IEvidence['kind'];
  text: string;
  message: IMessage;
  line?: number;
} {
  const item = {
    kind: evidence.kind,
    text: formatMessage(evidence.text),
    message: evidence.text
  };
  return evidence.line === undefined ? item : { ...item, line: evidence.line };
}

/** Each cell's 1-based position by id, as "cell 4" names it. */
function positions(cells: readonly ICellAdvice[]): CellPosition {
  const byId = new Map(cells.map(cell => [cell.id, cell.index + 1]));
  return cellId => byId.get(cellId) ?? null;
}

const WIDTH = 100;

/** The text report: a header, then each code cell with advice, best advice first. */
export function textOutput(
  cells: readonly ICellAdvice[],
  notebookPath: string,
  factsPath: string | null,
  thresholdSeconds: number
): string {
  const advised = cells.filter(cell => cell.advice.length > 0);
  const positionOf = positions(cells);
  const lines: string[] = [
    `${notebookPath}: ${count(cells.length, 'code cell')}, ${advised.length} with advice` +
      (factsPath
        ? ` (measurements from ${factsPath})`
        : ' (no measurements: advice from the code alone)')
  ];
  for (const cell of cells) {
    const sentence = diagnosisMessage(
      cell.diagnosis,
      cell.id,
      positionOf,
      seconds
    );
    const bottleneck = `  ${formatMessage(sentence)}`;
    if (cell.advice.length > 0) {
      lines.push(
        '',
        cellHeading(cell),
        bottleneck,
        ...cell.advice.flatMap((advice, i) => adviceLines(advice, i + 1)),
        ...unreadLines(cell)
      );
    } else if (cell.diagnosis.kind === 'failed') {
      lines.push('', cellHeading(cell), bottleneck);
    } else if (cell.seconds !== null && cell.seconds >= thresholdSeconds) {
      lines.push(
        '',
        `${cellHeading(cell)}: no advice, ${
          cell.diagnosis.kind === 'interpreter'
            ? 'although the Python interpreter holds the time: it is in code the rewrites do not follow, such as methods of objects'
            : 'the cell already suits this machine'
        }`,
        bottleneck
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What the analysis could not read, so the advice is judged knowing that. */
function unreadLines(cell: ICellAdvice): string[] {
  return cell.unread.map(item => {
    const span = item.endLine
      ? `lines ${item.line}-${item.endLine}`
      : `line ${item.line}`;
    return `  not read, ${span} (${item.reason}): ${item.text}`;
  });
}

function cellHeading(cell: ICellAdvice): string {
  // The words the advice uses, so that the heading and the advice say one time one way.
  const time = cell.seconds === null ? 'not run' : seconds(cell.seconds);
  // Named by 1-based position as the panel names it; the id is what `--cell` takes.
  return `cell ${cell.index + 1} (id ${cell.id}), ${time}`;
}

function adviceLines(advice: IAdvice, position: number): string[] {
  const lines = [
    `  ${position}. ${formatMessage(advice.title)} [${advice.rule}, ${advice.confidence} confidence]`
  ];
  lines.push(...wrap(formatMessage(advice.why), '     '));
  const evidence = advice.evidence.map(item => {
    const text = formatMessage(item.text);
    return item.line === undefined ? text : `line ${item.line}: ${text}`;
  });
  lines.push(...wrap(`evidence: ${evidence.join('; ')}`, '     '));
  if (advice.insert.length > 0) {
    lines.push(
      `     inserts ${count(advice.insert.length, 'cell')} (use --json to see them)`
    );
  }
  return lines;
}

/** Wraps text at word boundaries to the report width. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (
      line.length > 0 &&
      indent.length + line.length + 1 + word.length > WIDTH
    ) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line.length > 0 ? `${line} ${word}` : word;
    }
  }
  if (line.length > 0) {
    lines.push(indent + line);
  }
  return lines;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/**
 * Advice text as message ids with parameters: the catalogue of English templates, worded in the
 * views through the translator and in the CLI in English.
 *
 * How a view renders a message:
 * - as one string: `formatMessage(message, s => trans.__(s))`;
 * - with line links: `messageParts(message, s => trans.__(s))` gives text runs and, for every
 *   parameter of kind 'line', a `{kind: 'line', text, line, cellId}` part to render as a button
 *   that moves the editor to that line (no English is parsed back).
 * The CLI formats with `formatMessage(message)` (English). Cells are named by position,
 * "cell 4" (1-based, markdown cells counted, as the CLI's text report names them), never by
 * JupyterLab's cell id.
 */

/** English templates by id; `{name}` is replaced by the parameter `name`. */
export const MESSAGES = {
  'cell.position': 'cell {position}',
  'code.defined-elsewhere': '{name} (defined in {cell}, line {line} there)',
  'code.defined-in': 'defined in {cell}, line {line} there'
} as const;

/** A message id of the catalogue. */
export type MessageId = keyof typeof MESSAGES;

/** A 1-based line of a cell, shown as its number and linked to the line in the views. */
export interface ILineParam {
  kind: 'line';
  line: number;
  /** The cell holding the line (JupyterLab's id: for the link, never shown). */
  cellId: string;
}

/** A cell named by its position ("cell 4"). */
export interface ICellParam {
  kind: 'cell';
  /** 1-based position in the notebook, markdown cells counted. */
  position: number;
  cellId: string;
}

/** What a parameter may be: numbers stay numbers until a view or the CLI formats them. */
export type MessageParam = string | number | null | ILineParam | ICellParam;

/** A message: an id of the catalogue and its parameters. */
export interface IMessage {
  readonly id: MessageId;
  readonly params: Readonly<Record<string, MessageParam>>;
}

/** One run of a formatted message: plain text, or a line to link. */
export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'line'; text: string; line: number; cellId: string };

/** Translates a catalogue template (JupyterLab's `trans.__`); English by default. */
export type Translate = (template: string) => string;

const identity: Translate = text => text;

/** The message as one string. */
export function formatMessage(
  message: IMessage,
  translate: Translate = identity
): string {
  return messageParts(message, translate)
    .map(part => part.text)
    .join('');
}

/** The message as text runs and line links, in order; adjacent text runs are joined. */
export function messageParts(
  message: IMessage,
  translate: Translate = identity
): MessagePart[] {
  const parts: MessagePart[] = [];
  const push = (part: MessagePart): void => {
    const last = parts[parts.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') {
      last.text += part.text;
    } else if (part.kind !== 'text' || part.text !== '') {
      parts.push(part);
    }
  };
  const template = translate(MESSAGES[message.id]);
  const placeholder = /\{(\w+)\}/g;
  let at = 0;
  for (const match of template.matchAll(placeholder)) {
    push({ kind: 'text', text: template.slice(at, match.index) });
    const param = message.params[match[1]];
    if (param !== null && typeof param === 'object' && param.kind === 'line') {
      push({ kind: 'line', text: String(param.line), ...lineOf(param) });
    } else {
      push({ kind: 'text', text: paramText(param, translate) });
    }
    at = (match.index ?? 0) + match[0].length;
  }
  push({ kind: 'text', text: template.slice(at) });
  return parts;
}

/** A cell named by its position, as a parameter. */
export function cellParam(position: number, cellId: string): ICellParam {
  return { kind: 'cell', position, cellId };
}

/** A line of a cell, as a parameter. */
export function lineParam(line: number, cellId: string): ILineParam {
  return { kind: 'line', line, cellId };
}

function lineOf(param: ILineParam): { line: number; cellId: string } {
  return { line: param.line, cellId: param.cellId };
}

function paramText(
  param: MessageParam | undefined,
  translate: Translate
): string {
  if (param === null || param === undefined) {
    return '';
  }
  if (typeof param === 'object') {
    return param.kind === 'cell'
      ? formatMessage(
          { id: 'cell.position', params: { position: param.position } },
          translate
        )
      : String(param.line);
  }
  return String(param);
}

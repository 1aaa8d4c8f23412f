/**
 * Advice text as message ids with parameters: the catalogue of English templates, worded in the
 * views through the translator and in the CLI in English. English wording lives only here.
 *
 * How a view renders a message:
 * - as one string: `formatMessage(message, s => trans.__(s))`;
 * - with line links: `messageParts(message, s => trans.__(s))` gives text runs and, for every
 *   parameter of kind 'line', a `{kind: 'line', text, line, cellId}` part to render as a button
 *   that moves the editor to that line (no English is parsed back).
 * The CLI formats with `formatMessage(message)` (English). Cells are named by position,
 * "cell 4" (1-based, markdown cells counted, the number JupyterLab shows), never by
 * JupyterLab's cell id. A parameter may be a message itself, or a list ("a, b and c"), so a
 * sentence is built from parts that are each translated.
 */
import { ADVICE_MESSAGES } from './messages.advice';
import { DIAGNOSIS_MESSAGES } from './messages.diagnosis';

/** Templates shared by every kind of text: cells, lines, lists, counts. */
const COMMON_MESSAGES = {
  'cell.position': 'cell {position}',
  'code.line': 'line {line}',
  'code.lines': 'lines {lines}',
  'code.defined-elsewhere': '{name} (defined in {cell}, line {line} there)',
  'code.lines-of-cell': '{lines} of {cell}',
  'code.defined-in': 'defined in {cell}, line {line} there',
  'cores.busy': '{busy} cores busy',
  'cores.busy-of': '{busy} of {cores} cores busy',
  'cores.busy-of-one': '{busy} of 1 core busy',
  'list.separator': ', ',
  'list.and': '{items} and {last}',
  'sentences.two': '{first} {second}',
  'sentences.three': '{first} {second} {third}'
} as const;

/** English templates by id; `{name}` is replaced by the parameter `name`. */
export const MESSAGES = {
  ...COMMON_MESSAGES,
  ...ADVICE_MESSAGES,
  ...DIAGNOSIS_MESSAGES
} as const;

/** A message id of the catalogue. */
export type MessageId = keyof typeof MESSAGES;

/** The `{name}`s of a template, as a union of names. */
type Placeholders<T extends string> =
  T extends `${string}{${infer Name}}${infer Rest}`
    ? Name | Placeholders<Rest>
    : never;

/** The parameters message `I` needs: exactly its template's placeholders. */
export type ParamsOf<I extends MessageId> = {
  readonly [Name in Placeholders<(typeof MESSAGES)[I]>]: MessageParam;
};

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

/** Items worded as a list: "a", "a and b", "a, b and c". */
export interface IListParam {
  kind: 'list';
  items: readonly MessageParam[];
}

/**
 * What a parameter may be: text shown as it is (code, numbers already in units), a number, a
 * line or cell, a list, or a message of its own.
 */
export type MessageParam =
  string | number | null | ILineParam | ICellParam | IListParam | IMessage;

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

/** A message, its parameters checked against the template's placeholders. */
export function message<I extends MessageId>(
  id: I,
  ...params: keyof ParamsOf<I> extends never ? [] : [ParamsOf<I>]
): IMessage {
  return { id, params: (params[0] ?? {}) as IMessage['params'] };
}

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
  const text = (value: string) => push({ kind: 'text', text: value });
  const fill = (
    template: string,
    param: (name: string) => MessageParam | undefined
  ): void => {
    let at = 0;
    for (const match of template.matchAll(/\{(\w+)\}/g)) {
      text(template.slice(at, match.index));
      add(param(match[1]));
      at = (match.index ?? 0) + match[0].length;
    }
    text(template.slice(at));
  };
  const add = (param: MessageParam | undefined): void => {
    if (param === null || param === undefined) {
      return;
    }
    if (typeof param !== 'object') {
      text(String(param));
    } else if ('id' in param) {
      fill(translate(MESSAGES[param.id]), name => param.params[name]);
    } else if (param.kind === 'line') {
      push({
        kind: 'line',
        text: String(param.line),
        line: param.line,
        cellId: param.cellId
      });
    } else if (param.kind === 'cell') {
      add({ id: 'cell.position', params: { position: param.position } });
    } else {
      addList(param.items);
    }
  };
  const addList = (items: readonly MessageParam[]): void => {
    if (items.length <= 1) {
      items.forEach(add);
      return;
    }
    const separator = translate(MESSAGES['list.separator']);
    fill(translate(MESSAGES['list.and']), name => {
      if (name === 'last') {
        return items[items.length - 1];
      }
      items.slice(0, -1).forEach((item, i) => {
        if (i > 0) {
          text(separator);
        }
        add(item);
      });
      return null;
    });
  };
  add(message);
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

/** Items as a list parameter ("a, b and c"). */
export function listParam(items: readonly MessageParam[]): IListParam {
  return { kind: 'list', items };
}

/** "line 4" or "lines 2, 3 and 5" of one cell, each number a line link; duplicates dropped. */
export function linesMessage(
  numbers: readonly number[],
  cellId: string
): IMessage {
  const unique = [...new Set(numbers)].sort((a, b) => a - b);
  return unique.length === 1
    ? message('code.line', { line: lineParam(unique[0], cellId) })
    : message('code.lines', {
        lines: listParam(unique.map(line => lineParam(line, cellId)))
      });
}

/** "1.0 of 2 cores busy": the advice and the diagnosis say it one way. */
export function coresBusy(busy: number, total: number | null): IMessage {
  const value = busy.toFixed(1);
  if (total === null) {
    return message('cores.busy', { busy: value });
  }
  return total === 1
    ? message('cores.busy-of-one', { busy: value })
    : message('cores.busy-of', { busy: value, cores: total });
}

/** The positions of the cells a message names ("line 2 of cell 4"), by cell id. */
export function cellPositions(message: IMessage): Map<string, number> {
  const found = new Map<string, number>();
  const visit = (param: MessageParam): void => {
    if (param === null || typeof param !== 'object') {
      return;
    }
    if ('id' in param) {
      Object.values(param.params).forEach(visit);
    } else if (param.kind === 'list') {
      param.items.forEach(visit);
    } else if (param.kind === 'cell') {
      found.set(param.cellId, param.position);
    }
  };
  visit(message);
  return found;
}

/** Every message id a message uses, itself and those in its parameters (for tests and tools). */
export function messageIds(message: IMessage): MessageId[] {
  const ids: MessageId[] = [message.id];
  const visit = (param: MessageParam): void => {
    if (param === null || typeof param !== 'object') {
      return;
    }
    if ('id' in param) {
      ids.push(...messageIds(param));
    } else if (param.kind === 'list') {
      if (param.items.length > 1) {
        ids.push('list.and', 'list.separator');
      }
      param.items.forEach(visit);
    } else if (param.kind === 'cell') {
      ids.push('cell.position');
    }
  };
  Object.values(message.params).forEach(visit);
  return ids;
}

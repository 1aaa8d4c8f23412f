/**
 * Builders for the advice tests: cells, runs and machine facts in a line each. Not a test file
 * itself (jest runs `*.spec.ts` only).
 */
import type {
  IFacts,
  IMachineFacts,
  IRunRecord,
  IVariableFacts
} from '../../contracts/facts';
import { analyseCell } from '../../analysis';
import type { ICellAdvice, IPipelineCell } from '../../pipeline';
import { adviseNotebook } from '../../pipeline';
import type {
  IAdvice,
  IEvidence,
  IInsertCell,
  RuleId
} from '../../contracts/advice';
import { formatMessage } from '../../contracts/messages';
import type { IAdviceConfig } from '../../contracts/settings';
import { DEFAULT_ADVICE_CONFIG } from '../../contracts/settings';
import { renderTemplate } from '..';

/** A successful run of `wall` seconds keeping `busy` cores busy (children's share apart). */
export function run(wall: number, busy = 1, children = 0): IRunRecord {
  return {
    wall_s: wall,
    cpu_s: wall * busy,
    children_cpu_s: children,
    peak_rss_delta_bytes: 0,
    imported: [],
    ok: true
  };
}

/** Three steady runs of about `wall` seconds. */
export function steady(wall: number, busy = 1, children = 0): IRunRecord[] {
  return [
    run(wall * 1.02, busy, children),
    run(wall * 0.98, busy, children),
    run(wall, busy, children)
  ];
}

/** A 2-core machine without GPU or scheduler, as in the lesson's exercises. */
export function machine(overrides: Partial<IMachineFacts> = {}): IMachineFacts {
  return {
    cores: 2,
    memory_bytes: 8e9,
    memory_available_bytes: 6e9,
    gpus: [],
    scheduler: null,
    ...overrides
  };
}

/** Facts without runs, as the panel keeps them. */
export function facts(
  machineFacts: IMachineFacts = machine(),
  variables: Record<string, IVariableFacts> = {}
): Omit<IFacts, 'runs'> {
  return {
    version: 1,
    kernel: { language: 'python', version: '3.11.7' },
    machine: machineFacts,
    libraries: {},
    variables
  };
}

/** What a scenario says about the advised cell. */
export interface IScenario {
  /** The cells before the advised one, by id (definitions in other cells). */
  before?: Record<string, string>;
  runs?: IRunRecord[];
  /** null for no facts at all (static advice). */
  machine?: IMachineFacts | null;
  variables?: Record<string, IVariableFacts>;
  config?: Partial<IAdviceConfig>;
}

/** A piece of advice with its messages worded in English, as the CLI prints them. */
export interface IWordedAdvice extends Omit<
  IAdvice,
  'title' | 'why' | 'evidence'
> {
  title: string;
  why: string;
  evidence: { kind: IEvidence['kind']; text: string; line?: number }[];
  /** The advice as the pipeline gives it, messages and all. */
  messages: IAdvice;
}

/** The advice in English words (the catalogue's templates filled in). */
export function worded(advice: IAdvice): IWordedAdvice {
  return {
    ...advice,
    title: formatMessage(advice.title),
    why: formatMessage(advice.why),
    evidence: advice.evidence.map(item =>
      item.line === undefined
        ? { kind: item.kind, text: formatMessage(item.text) }
        : { kind: item.kind, text: formatMessage(item.text), line: item.line }
    ),
    messages: advice
  };
}

/** The advice for `source`, the last cell of a notebook built from the scenario, in English. */
export function adviceFor(
  source: string,
  scenario: IScenario = {}
): IWordedAdvice[] {
  return cellAdvice(source, scenario).advice.map(worded);
}

/** The advised cell's whole result. */
export function cellAdvice(
  source: string,
  scenario: IScenario = {}
): ICellAdvice {
  const cells: IPipelineCell[] = Object.entries(scenario.before ?? {}).map(
    ([id, text]) => ({
      id,
      type: 'code',
      source: text
    })
  );
  cells.push({ id: 'cell', type: 'code', source });
  const factsValue =
    scenario.machine === null
      ? null
      : facts(scenario.machine ?? machine(), scenario.variables ?? {});
  const results = adviseNotebook({
    cells,
    runs: { cell: scenario.runs ?? [] },
    facts: factsValue,
    config: { ...DEFAULT_ADVICE_CONFIG, ...scenario.config }
  });
  return results[results.length - 1];
}

/** The rule ids advised, best first. */
export function rulesFor(source: string, scenario: IScenario = {}): RuleId[] {
  return adviceFor(source, scenario).map(advice => advice.rule);
}

/** The advice of one rule, or undefined. */
export function findRule(
  source: string,
  rule: RuleId,
  scenario: IScenario = {}
): IWordedAdvice | undefined {
  return adviceFor(source, scenario).find(advice => advice.rule === rule);
}

/** The cells `rule` inserts for `source`, alone in its notebook, with no measurements. */
export function renderAlone(rule: RuleId, source: string): IInsertCell[] {
  return renderTemplate(rule, {
    cellId: 'cell-1',
    source,
    analysis: analyseCell(source),
    notebook: null,
    cellSources: { 'cell-1': source },
    facts: null,
    runs: [],
    config: DEFAULT_ADVICE_CONFIG
  });
}

/** Source lines joined into one cell. */
export const lines = (...items: string[]): string => items.join('\n');

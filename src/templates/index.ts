import type { IInsertCell, RuleId } from '../advice/types';
import type { ITemplateContext } from './types';

export type { ITemplateContext, TemplateRenderer } from './types';

/**
 * The cells a rule inserts below the analysed cell. Filled in by the templates work (issue 5);
 * until a rule has a template it inserts nothing.
 */
export function renderTemplate(rule: RuleId, ctx: ITemplateContext): IInsertCell[] {
  void rule;
  void ctx;
  return [];
}

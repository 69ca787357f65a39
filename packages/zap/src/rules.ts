/**
 * zap-baseline's rules file (`-g` generates one): tab-separated `<plugin id>\t<ACTION>\t(<name>)`, with
 * `<plugin id or *>\tOUTOFSCOPE\t<URL regex>` to drop instances on matching URLs. `#` comments and blank lines are
 * skipped. Our parser applies every line whatever the file holds (FAIL-only files included).
 */
export type RuleAction = 'IGNORE' | 'INFO' | 'WARN' | 'FAIL';

export interface RulesFile {
  /** Action per plugin id (a later line for the same id wins). */
  actions: Map<string, RuleAction>;
  outOfScope: { pluginId: string; pattern: RegExp; line: number }[];
}

export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';
}

const ACTIONS = new Set(['IGNORE', 'INFO', 'WARN', 'FAIL', 'OUTOFSCOPE']);

export function parseRulesFile(content: string): RulesFile {
  const rules: RulesFile = { actions: new Map(), outOfScope: [] };
  content
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const fields = (raw.includes('\t') ? raw.split('\t') : trimmed.split(/\s+/)).map((f) => f.trim());
      const [pluginId = '', action = '', ...rest] = fields;
      const upper = action.toUpperCase();
      if (!ACTIONS.has(upper)) {
        throw new RulesFileError(
          `line ${line}: expected "<plugin id><TAB><IGNORE|INFO|WARN|FAIL|OUTOFSCOPE>…", got ${JSON.stringify(trimmed.slice(0, 80))}`,
        );
      }
      if (upper === 'OUTOFSCOPE') {
        if (!/^(\d+|\*)$/.test(pluginId))
          throw new RulesFileError(`line ${line}: plugin id must be a number or *, got ${JSON.stringify(pluginId)}`);
        const regex = rest.join('\t').trim();
        if (!regex) throw new RulesFileError(`line ${line}: OUTOFSCOPE needs a URL regex`);
        try {
          rules.outOfScope.push({ pluginId, pattern: new RegExp(regex), line });
        } catch (error) {
          throw new RulesFileError(
            `line ${line}: invalid URL regex ${JSON.stringify(regex)} (${(error as Error).message})`,
          );
        }
        return;
      }
      if (!/^\d+$/.test(pluginId))
        throw new RulesFileError(`line ${line}: plugin id must be a number, got ${JSON.stringify(pluginId)}`);
      rules.actions.set(pluginId, upper as RuleAction);
    });
  return rules;
}

/**
 * The rule file (PULSETRACE_ALERT_RULES_FILE): `alert-rules/generated/pulsetrace-rules.json`, or
 * YAML written by hand, a RuleFile either way. Read and checked once at start: a bad file stops
 * the start with each problem's field, rather than a processor running without its rules.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { ConfigError } from '../../config/config';
import type { RuleFile } from './schema';
import { checkRuleFile, type Problem } from './validate';

/** A ConfigError: main.ts prints its message alone (no stack) and exits 1. */
export class RuleFileError extends ConfigError {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

const FIX =
  'fix the file (`pulsetrace alerts validate <file>` checks it) or unset PULSETRACE_ALERT_RULES_FILE, and start again';

/** JSON or YAML text as a value; YAML for .yaml/.yml, JSON otherwise. */
export function parseRuleText(text: string, name: string): unknown {
  return /\.ya?ml$/i.test(name) ? YAML.parse(text) : JSON.parse(text);
}

/** The file's rules with their defaults applied; throws RuleFileError saying what to fix. */
export function loadRuleFile(file: string): RuleFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new RuleFileError(
      `PULSETRACE_ALERT_RULES_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ${FIX}`,
    );
  }
  let value: unknown;
  try {
    value = parseRuleText(text, file);
  } catch (err) {
    throw new RuleFileError(
      `PULSETRACE_ALERT_RULES_FILE ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'} (${(err as Error).message.split('\n')[0]}): ${FIX}`,
    );
  }
  const checked = checkRuleFile(value);
  if (checked.ok) return checked.file;
  const list = checked.problems.map((p) => `${p.path || '(file)'}: ${p.message}`).join('; ');
  throw new RuleFileError(
    `PULSETRACE_ALERT_RULES_FILE ${file} is not a valid rule file: ${list}. ${FIX}`,
    checked.problems,
  );
}

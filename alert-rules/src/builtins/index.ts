/** Every built-in rule family, in the order the docs list them. */
import { errors } from './errors';
import type { RuleFamily } from './family';
import { http } from './http';
import { issues } from './issues';
import { releases } from './releases';
import { traffic } from './traffic';
import { webVitals } from './web-vitals';

export type { RuleFamily } from './family';
export const BUILTIN_FAMILIES: readonly RuleFamily[] = [issues, errors, webVitals, http, releases, traffic];
export const BUILTIN_RULES = BUILTIN_FAMILIES.flatMap((f) => f.rules);

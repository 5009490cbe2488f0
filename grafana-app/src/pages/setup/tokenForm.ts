/** The API token form, checked as the processor checks it (schemas.ts CreateToken). Pure. */
import type { TokenScope } from './types';

export interface TokenFormValues {
  name: string;
  scope: TokenScope;
  /** Project ids; none: every project ("*"). */
  projects: string[];
}

export function validateToken(values: TokenFormValues): Partial<Record<keyof TokenFormValues, string>> {
  const name = values.name.trim();
  if (!name) {
    return { name: 'A token needs a name (what uses it: "ci", "grafana-eu")' };
  }
  if (name.length > 200) {
    return { name: 'At most 200 characters' };
  }
  return {};
}

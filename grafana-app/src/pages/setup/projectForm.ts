/**
 * The project form's values, checked as the processor's zod schema checks them
 * (collector-processor/src/http/schemas.ts ProjectFields), so a mistake is named beside its field
 * before anything is sent; and the body of POST /projects or PATCH /projects/{id}. Pure.
 */
import type { AdminProjectJSON } from './types';

export interface ProjectFormValues {
  name: string;
  /** The project's default environment (records without deployment.environment.name get it). */
  environment: string;
  allowedOrigins: string[];
  /** Days, as typed. */
  retentionDays: string;
  /** Percent of sessions kept, as typed (the API takes a 0–1 fraction). */
  samplePercent: string;
  /** Records per second, as typed. */
  rateLimitPerSecond: string;
}

export type ProjectFormErrors = Partial<Record<keyof ProjectFormValues, string>>;

export interface ProjectBody {
  name?: string;
  environment?: string;
  allowedOrigins?: string[];
  retentionDays?: number;
  sampleRate?: number;
  rateLimitPerSecond?: number;
}

/** A new project's form: what the processor would default to (project-store.ts). */
export const EMPTY_PROJECT: ProjectFormValues = {
  name: '',
  environment: '',
  allowedOrigins: [],
  retentionDays: '',
  samplePercent: '100',
  rateLimitPerSecond: '',
};

/** schemas.ts's origin rule: "*" or scheme://host[:port], no path. */
const ORIGIN = /^(?:\*|https?:\/\/[^/\s]+)$/;

function integer(text: string, min: number, max: number, what: string): string | undefined {
  const n = Number(text);
  if (!/^\s*-?\d+\s*$/.test(text) || n < min || n > max) {
    return `${what} is a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  }
  return undefined;
}

export function validateProject(values: ProjectFormValues): ProjectFormErrors {
  const errors: ProjectFormErrors = {};
  const name = values.name.trim();
  if (!name) {
    errors.name = 'A project needs a name';
  } else if (name.length > 200) {
    errors.name = 'At most 200 characters';
  }
  if (values.environment.trim().length > 100) {
    errors.environment = 'At most 100 characters';
  }
  const bad = values.allowedOrigins.filter((o) => !ORIGIN.test(o));
  if (bad.length > 0) {
    errors.allowedOrigins = `${bad.join(', ')}: an origin is * or scheme://host[:port] with no path, e.g. https://shop.example`;
  } else if (values.allowedOrigins.length > 100) {
    errors.allowedOrigins = 'At most 100 origins';
  }
  if (values.retentionDays.trim()) {
    const e = integer(values.retentionDays, 1, 3650, 'Retention');
    if (e) {
      errors.retentionDays = e;
    }
  }
  const pct = Number(values.samplePercent);
  if (!values.samplePercent.trim() || !Number.isFinite(pct) || pct < 0 || pct > 100) {
    errors.samplePercent = 'Sampling is a percentage from 0 to 100';
  }
  if (values.rateLimitPerSecond.trim()) {
    const e = integer(values.rateLimitPerSecond, 1, 1_000_000, 'The rate limit');
    if (e) {
      errors.rateLimitPerSecond = e;
    }
  }
  return errors;
}

export function formFromProject(p: AdminProjectJSON): ProjectFormValues {
  return {
    name: p.name,
    environment: p.environment ?? '',
    allowedOrigins: p.allowedOrigins ?? [],
    retentionDays: p.retentionDays === undefined ? '' : String(p.retentionDays),
    // Rounded so 0.333… shows as 33.3, not 33.300000000000004.
    samplePercent: p.sampleRate === undefined ? '100' : String(Math.round(p.sampleRate * 1000) / 10),
    rateLimitPerSecond: p.rateLimitPerSecond === undefined ? '' : String(p.rateLimitPerSecond),
  };
}

/** Every field the form sets, as the API types them; blank optional numbers are left to the processor. */
function fullBody(values: ProjectFormValues): ProjectBody {
  const body: ProjectBody = {
    name: values.name.trim(),
    allowedOrigins: values.allowedOrigins,
    sampleRate: Number(values.samplePercent) / 100,
  };
  if (values.environment.trim()) {
    body.environment = values.environment.trim();
  }
  if (values.retentionDays.trim()) {
    body.retentionDays = Number(values.retentionDays);
  }
  if (values.rateLimitPerSecond.trim()) {
    body.rateLimitPerSecond = Number(values.rateLimitPerSecond);
  }
  return body;
}

/**
 * POST /projects's body for a new project; for an existing one, PATCH's body with only the fields
 * that changed (the fields sent replace the stored ones: an untouched field is never rewritten).
 */
export function projectBody(values: ProjectFormValues, original?: AdminProjectJSON): ProjectBody {
  const body = fullBody(values);
  if (!original) {
    return body;
  }
  const before = fullBody(formFromProject(original));
  const changed: ProjectBody = {};
  for (const key of Object.keys(body) as Array<keyof ProjectBody>) {
    if (JSON.stringify(body[key]) !== JSON.stringify(before[key])) {
      (changed as Record<string, unknown>)[key] = body[key];
    }
  }
  return changed;
}

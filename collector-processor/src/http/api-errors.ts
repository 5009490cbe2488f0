/**
 * How the API words a refused request, in one place: every 400 from a zod schema names each field
 * and what it expects (`invalid request body: name: required: expected string`), both in `error`
 * (what a person or a CLI prints) and in `issues` (what a program reads).
 */
import type { Response } from 'express';
import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the field, e.g. `queries.0.from`; empty for the whole body. */
  path: string;
  message: string;
}

type Path = (string | number)[];

/**
 * zod's generic wording made specific: what was expected, and "required" for a missing field.
 * A schema's own message (`error: ...`) is kept as it is.
 */
function wordIssue(issue: z.core.$ZodIssue): string {
  const message = issue.message;
  if (!/^Invalid (input|option)/.test(message)) return message;
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(message)) return `required: expected ${issue.expected}`;
      return message.replace(/^Invalid input: /, '');
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      // Every branch failed: say what each one wanted.
      const wants = issue.errors.flatMap((branch) =>
        branch.map((i) => (i.code === 'invalid_type' ? i.expected : wordIssue(i))),
      );
      return wants.length ? `expected ${[...new Set(wants)].join(' or ')}` : message;
    }
    default:
      return message;
  }
}

/** A zod error as one entry per field; unknown keys are reported each under its own name. */
export function describeIssues(error: z.ZodError, prefix: Path = []): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...(issue.path as Path)];
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        message: 'unknown field (remove it, or check its spelling)',
      }));
    if (!path.length && issue.code === 'invalid_type')
      return [{ path: '', message: `expected a JSON ${issue.expected}` }];
    return [{ path: path.join('.'), message: wordIssue(issue) }];
  });
}

/** `invalid <what>: a: …; b: …` with the issues alongside, as every 400 from a schema answers. */
export function invalidAnswer(what: string, issues: FieldIssue[]) {
  const sentences = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  return { error: `invalid ${what}: ${sentences.join('; ')}`, issues };
}

/** Answers 400 for a zod error on `what` (request body, query parameters…). */
export function answerInvalid(res: Response, what: string, error: z.ZodError, prefix: Path = []) {
  res.status(400).json(invalidAnswer(what, describeIssues(error, prefix)));
}

/**
 * The answer guard: the model summarises and suggests, it never supplies a number. An answer
 * that states any number the evidence pack does not contain is rejected (the card then gets the
 * template summary), as is an empty or overlong one. Numbers are compared as written tokens
 * (`1.4.2`, `2026`) and as values (`2500` = `2,500` = `2500.0`), so formatting is not an
 * invention, but a conversion is: 0.031 sent and "3.1 %" answered is rejected, because the
 * model's arithmetic is exactly what must not reach a person unchecked.
 */

/** Digit runs with their decimal or version dots and thousands commas (`1,240.5`, `1.4.2`). */
const NUMBER = /\d+(?:[.,]\d+)*/g;
/** A list marker at the start of a line (`1.`, `2)`) numbers the answer's lines, not the incident. */
const LIST_MARKER = /^(\s*)\d{1,2}[.)](?=\s)/gm;

export const MAX_ANSWER_CHARS = 1200;
/** JSON in the answer (`{`, `"key":`): the model copied the pack instead of writing about it. */
const NOT_PROSE = /[{}]|"\w+"\s*:/;

/** The forms a token counts as: itself, and its value when it reads as one number. */
function forms(token: string): string[] {
  const out = [token];
  // `1,240` and `1,240.5` are grouped thousands; `1.4.2` (a version) has no single value.
  const ungrouped = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(token) ? token.replace(/,/g, '') : token;
  if (/^\d+(?:\.\d+)?$/.test(ungrouped)) out.push(String(Number(ungrouped)));
  return out;
}

/** Every number-like token of a text, in all its forms (for the evidence side). */
export function numberForms(text: string): Set<string> {
  const set = new Set<string>();
  for (const m of text.matchAll(NUMBER)) {
    for (const f of forms(m[0])) set.add(f);
    // `0.0312,` in JSON arrays: also each comma-separated part, as the pack writes intervals so.
    if (m[0].includes(',')) for (const part of m[0].split(',')) for (const f of forms(part)) set.add(f);
  }
  return set;
}

/** The numbers an answer states that are not in the evidence (empty: the answer may be used). */
export function inventedNumbers(answer: string, evidenceJson: string): string[] {
  const known = numberForms(evidenceJson);
  const stated = answer.replace(LIST_MARKER, '$1');
  const invented: string[] = [];
  for (const m of stated.matchAll(NUMBER)) {
    // A sentence ending in a number: `…to 2,500.` leaves the final dot outside the token already.
    if (!forms(m[0]).some((f) => known.has(f))) invented.push(m[0]);
  }
  return invented;
}

export type AnswerVerdict =
  | { ok: true; summary: string }
  | { ok: false; reason: 'empty' | 'too_long' | 'not_prose' | 'invented_number'; detail?: string };

/** Whether a model's answer can become the card's summary, and its cleaned text. */
export function checkAnswer(answer: string, evidenceJson: string): AnswerVerdict {
  const summary = answer
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!summary) return { ok: false, reason: 'empty' };
  if (summary.length > MAX_ANSWER_CHARS) return { ok: false, reason: 'too_long' };
  if (NOT_PROSE.test(summary)) return { ok: false, reason: 'not_prose' };
  const invented = inventedNumbers(summary, evidenceJson);
  if (invented.length > 0)
    return { ok: false, reason: 'invented_number', detail: invented.slice(0, 5).join(', ') };
  return { ok: true, summary };
}

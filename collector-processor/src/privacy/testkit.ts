/**
 * Test support for the PII corpus (collector-processor/test/fixtures/pii-corpus.json): loading it,
 * running an entry through the scrubber the way the stage would, and the recall/precision
 * definitions reported in docs/privacy.md. Used by tests only.
 */
import { readFileSync } from 'node:fs';
import type { Scrubber } from './scrubber';
import { looksLikeUrl } from './url';

/**
 * A text entry (message, URL, path) or a key entry (a value stored under a key). `sensitive`
 * lists what must be gone after scrubbing; an entry with none must come out unchanged.
 */
export interface CorpusEntry {
  text?: string;
  key?: string;
  value?: string;
  sensitive: string[];
  kind: string;
}

export function loadCorpus(file: string): CorpusEntry[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CorpusEntry[];
}

export const inputOf = (e: CorpusEntry): string => e.text ?? e.value ?? '';

/** The forms a sensitive value may take once stored: as is, decoded, JSON-escaped, URL-encoded. */
export function forms(s: string): string[] {
  let decoded = s;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    /* not encoded */
  }
  return [...new Set([s, decoded, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])];
}

export const leaks = (haystack: string, s: string): boolean => forms(s).some((f) => haystack.includes(f));

/** One entry through the path the stage uses for its kind of string. */
export function scrubEntry(s: Scrubber, e: CorpusEntry): string {
  if (e.key !== undefined) return s.value(e.key, e.value ?? '');
  const text = e.text ?? '';
  return looksLikeUrl(text) ? s.url(text) : s.text(text);
}

/**
 * Recall: sensitive substrings no longer present in any form / all sensitive substrings.
 * Precision (per entry): changed entries that hold something sensitive / all changed entries; an
 * entry with nothing sensitive that comes out different is a false positive.
 */
export function measure(entries: CorpusEntry[], s: Scrubber) {
  let total = 0;
  let removed = 0;
  let changed = 0;
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const e of entries) {
    const out = scrubEntry(s, e);
    for (const sensitive of e.sensitive) {
      total++;
      if (leaks(out, sensitive)) misses.push(`${e.kind}: ${sensitive} in ${JSON.stringify(out)}`);
      else removed++;
    }
    if (out === inputOf(e)) continue;
    changed++;
    if (!e.sensitive.length)
      falsePositives.push(`${e.kind}: ${JSON.stringify(inputOf(e))} → ${JSON.stringify(out)}`);
  }
  const precision = changed ? (changed - falsePositives.length) / changed : 1;
  return { total, removed, recall: total ? removed / total : 1, changed, precision, misses, falsePositives };
}

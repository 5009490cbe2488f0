/**
 * The evidence pack: everything the narrative model is allowed to see about an incident, built
 * from the candidate's aggregates only (docs/insights.md "Narrative"). Raw rows never reach a
 * candidate; what a candidate does carry as free text (titles, scope values, evidence strings,
 * release names) may still hold a URL with a query or a visitor's e-mail, so every string loses
 * its URL queries and fragments and then goes through the ingest scrubber's rules. The pack is
 * bounded in bytes: lower-ranked hypotheses go first, the incident itself always stays.
 */
import type { ScrubbingSettings } from '../../projects/settings';
import { scrubberFor, type Scrubber } from '../../privacy';
import type { InsightCandidate } from '../engine/types';

export const DEFAULT_MAX_INPUT_BYTES = 8 * 1024;
/** Longest string kept: titles and segment names, never documents. */
const MAX_STRING = 200;
const MAX_SCOPE_KEYS = 10;
const MAX_DELTAS = 8;
const MAX_EVIDENCE_FIELDS = 12;
const MAX_DEPLOYS = 5;

type Scalar = string | number | boolean;
type EvidenceValue = Scalar | [number, number];

export interface EvidencePack {
  kind: string;
  title: string;
  severity: string;
  metric: string;
  scope: Record<string, string>;
  startedAt: string;
  release: string;
  previousRelease?: string;
  affectedSessions: number;
  affectedUsers: number;
  deltas: Array<{
    metric: string;
    value: number;
    baseline: number;
    interval: [number, number];
    unit?: string;
  }>;
  /** Ranked, most likely first; `rank` survives the dropping of lower ones. */
  hypotheses: Array<{
    rank: number;
    title: string;
    score: number;
    evidence: Array<Record<string, EvidenceValue>>;
  }>;
  deploys: Array<{ release: string; environment: string; at: string }>;
  relatedIssues: number;
  /** Hypotheses left out to stay within the byte bound (the model is told they exist). */
  hypothesesOmitted: number;
}

export interface EvidenceOptions {
  maxBytes?: number;
  /** The project's scrubbing settings (custom rules, denyKeys); the defaults when absent. */
  scrubbing?: ScrubbingSettings;
}

const DEFAULT_SCRUBBING: ScrubbingSettings = { customRules: [], denyKeys: [], allowKeys: [] };

/**
 * A URL (absolute, protocol-relative or a path) followed by a query or fragment: the part from
 * `?` or `#` on goes. Sentences ending in `?` are not URLs (no `/` or scheme before it).
 */
const URL_TAIL = /((?:\b[a-z][a-z0-9+.-]{0,31}:\/\/|(?<![\w/])\/)[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;

export function stripUrlQueries(s: string): string {
  return s.replace(URL_TAIL, '$1');
}

/** Queries and fragments out, then the scrubber's rules, then bounded. */
function cleanString(s: string, scrubber: Scrubber, key?: string): string {
  const stripped = stripUrlQueries(s);
  const clean = key === undefined ? scrubber.text(stripped) : scrubber.value(key, stripped);
  return clean.length > MAX_STRING ? `${clean.slice(0, MAX_STRING - 1)}…` : clean;
}

/** Four significant digits: enough to read, few enough that the number guard sees what was sent. */
export function roundNumber(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : 0;
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

/** Scalars and two-number intervals only: nested documents (query bodies) are never sent. */
function cleanEvidence(e: Record<string, unknown>, scrubber: Scrubber): Record<string, EvidenceValue> {
  const out: Record<string, EvidenceValue> = {};
  let n = 0;
  for (const [rawKey, v] of Object.entries(e)) {
    if (n >= MAX_EVIDENCE_FIELDS) break;
    const key = cleanString(rawKey, scrubber).slice(0, 64);
    if (typeof v === 'number') out[key] = roundNumber(v);
    else if (typeof v === 'boolean') out[key] = v;
    else if (typeof v === 'string') out[key] = cleanString(v, scrubber, rawKey);
    else if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
      out[key] = [roundNumber(v[0] as number), roundNumber(v[1] as number)];
    else continue;
    n++;
  }
  return out;
}

const bytes = (p: EvidencePack) => Buffer.byteLength(JSON.stringify(p));

/**
 * The pack for a candidate and its JSON (what the prompt embeds), at most `maxBytes` long when
 * the incident alone fits: hypotheses are dropped from the lowest rank up, then deploys, then
 * deltas beyond the first.
 */
export function evidencePack(
  c: InsightCandidate,
  opts: EvidenceOptions = {},
): { pack: EvidencePack; json: string; bytes: number } {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const scrubber = scrubberFor(opts.scrubbing ?? DEFAULT_SCRUBBING);
  const text = (s: string) => cleanString(s, scrubber);
  const scope: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.scope).slice(0, MAX_SCOPE_KEYS))
    scope[text(k).slice(0, 64)] = cleanString(v, scrubber, k);
  const pack: EvidencePack = {
    kind: c.kind,
    title: text(c.title),
    severity: c.severity,
    metric: text(c.metric),
    scope,
    startedAt: iso(c.startedAt),
    release: text(c.release),
    ...(c.links.previousRelease ? { previousRelease: text(c.links.previousRelease) } : {}),
    affectedSessions: roundNumber(c.affectedSessions),
    affectedUsers: roundNumber(c.affectedUsers),
    deltas: c.deltas.slice(0, MAX_DELTAS).map((d) => ({
      metric: text(d.metric),
      value: roundNumber(d.value),
      baseline: roundNumber(d.baseline),
      interval: [roundNumber(d.interval[0]), roundNumber(d.interval[1])],
      ...(d.unit ? { unit: text(d.unit) } : {}),
    })),
    hypotheses: c.hypotheses.map((h, i) => ({
      rank: i + 1,
      title: text(h.title),
      score: roundNumber(h.score),
      evidence: h.evidence.slice(0, 4).map((e) => cleanEvidence(e, scrubber)),
    })),
    deploys: c.links.deploys.slice(0, MAX_DEPLOYS).map((d) => ({
      release: text(d.release),
      environment: text(d.environment),
      at: iso(d.at),
    })),
    relatedIssues: c.links.issues.length,
    hypothesesOmitted: 0,
  };
  while (bytes(pack) > maxBytes && pack.hypotheses.length > 0) {
    pack.hypotheses.pop();
    pack.hypothesesOmitted++;
  }
  while (bytes(pack) > maxBytes && pack.deploys.length > 0) pack.deploys.pop();
  while (bytes(pack) > maxBytes && pack.deltas.length > 1) pack.deltas.pop();
  const json = JSON.stringify(pack);
  return { pack, json, bytes: Buffer.byteLength(json) };
}

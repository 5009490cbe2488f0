/**
 * The optional LLM narrative of an insight card (docs/insights.md "Narrative"). The engine calls
 * the narrator for new cards and material changes; the narrator sends the evidence pack (never
 * raw rows, URL queries or anything the scrubber removes) to an OpenAI-compatible endpoint and
 * answers the model's summary when it passes the guard, otherwise the deterministic template.
 * Off unless PULSETRACE_LLM_BASE_URL is set. Never throws and never waits past the timeout.
 */
import type { Logger } from 'pino';
import client from 'prom-client';
import type { ScrubbingSettings } from '../../projects/settings';
import type { Metrics } from '../../observability/metrics';
import type { InsightCandidate } from '../engine/types';
import { chatCompletion, type CallOutcome, type LlmConfig } from './client';
import { evidencePack } from './evidence';
import { checkAnswer } from './guard';
import { PROMPT_VERSION, SYSTEM_PROMPT, userMessage } from './prompt';
import { templateSummary } from './template';

export { evidencePack, stripUrlQueries, type EvidencePack } from './evidence';
export { templateSummary } from './template';
export { checkAnswer, inventedNumbers } from './guard';
export { PROMPT_VERSION, SYSTEM_PROMPT } from './prompt';
export type { LlmConfig } from './client';

/** What wrote a template summary (cards keep it next to the text, as they keep PROMPT_VERSION). */
export const TEMPLATE_VERSION = 'template-v1';
/**
 * Calls in flight at once; past it a card gets the template at once instead of queueing behind
 * a slow model (an evaluation of many projects must not wait minutes for prose).
 */
export const MAX_CONCURRENT_CALLS = 4;

export interface Narrative {
  summary: string;
  source: 'llm' | 'template';
  /** PROMPT_VERSION for the model's text, TEMPLATE_VERSION for the template's. */
  promptVersion: string;
}

/** Optional per call: the project's scrubbing settings (its custom rules and denyKeys). */
export interface NarrateOptions {
  scrubbing?: ScrubbingSettings;
}

export type Narrator = (candidate: InsightCandidate, opts?: NarrateOptions) => Promise<Narrative>;

export type NarrativeOutcome = CallOutcome | 'rejected' | 'busy';

interface NarrativeMetrics {
  calls: client.Counter<'outcome'>;
  seconds: client.Histogram<'outcome'>;
  tokens: client.Counter<'kind'>;
}

/** Registered once per registry (tests and apps create several narrators on one registry). */
function narrativeMetrics(registry: client.Registry): NarrativeMetrics {
  const get = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  return {
    calls:
      get<client.Counter<'outcome'>>('pulsetrace_insight_narrative_calls_total') ??
      new client.Counter({
        name: 'pulsetrace_insight_narrative_calls_total',
        help: 'Narrative LLM calls by outcome (ok, timeout, http_error, rejected, …); all but ok used the template.',
        labelNames: ['outcome'] as const,
        registers: [registry],
      }),
    seconds:
      get<client.Histogram<'outcome'>>('pulsetrace_insight_narrative_duration_seconds') ??
      new client.Histogram({
        name: 'pulsetrace_insight_narrative_duration_seconds',
        help: 'Duration of narrative LLM calls by outcome.',
        labelNames: ['outcome'] as const,
        buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
    tokens:
      get<client.Counter<'kind'>>('pulsetrace_insight_narrative_tokens_total') ??
      new client.Counter({
        name: 'pulsetrace_insight_narrative_tokens_total',
        help: 'Tokens the narrative LLM reported (usage), by kind: prompt or completion.',
        labelNames: ['kind'] as const,
        registers: [registry],
      }),
  };
}

const template = (c: InsightCandidate): Narrative => ({
  summary: templateSummary(c),
  source: 'template',
  promptVersion: TEMPLATE_VERSION,
});

/**
 * The narrator for a processor's configuration (`config.llm`, from the PULSETRACE_LLM_*
 * variables). With no base URL it answers the template without any I/O.
 */
export function createNarrator(
  config: { llm: LlmConfig },
  log: Logger,
  metrics?: Pick<Metrics, 'registry'>,
): Narrator {
  const cfg = config.llm;
  const baseUrl = cfg.baseUrl;
  if (!baseUrl) return async (c) => template(c);
  const m = metrics ? narrativeMetrics(metrics.registry) : undefined;
  let inFlight = 0;

  const record = (outcome: NarrativeOutcome, durationMs: number) => {
    m?.calls.inc({ outcome });
    if (outcome !== 'busy') m?.seconds.observe({ outcome }, durationMs / 1000);
  };

  return async (c, opts = {}) => {
    if (inFlight >= MAX_CONCURRENT_CALLS) {
      record('busy', 0);
      log.warn(
        { outcome: 'busy', inFlight, metric: c.metric },
        'insight narrative skipped: too many calls in flight',
      );
      return template(c);
    }
    inFlight++;
    try {
      const { pack, json, bytes } = evidencePack(c, {
        maxBytes: cfg.maxInputBytes,
        scrubbing: opts.scrubbing,
      });
      const call = await chatCompletion({ ...cfg, baseUrl }, [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: userMessage(json) },
      ]);
      const verdict = call.outcome === 'ok' ? checkAnswer(call.content ?? '', json) : undefined;
      const outcome: NarrativeOutcome = verdict && !verdict.ok ? 'rejected' : call.outcome;
      record(outcome, call.durationMs);
      if (call.usage) {
        m?.tokens.inc({ kind: 'prompt' }, call.usage.promptTokens);
        m?.tokens.inc({ kind: 'completion' }, call.usage.completionTokens);
      }
      const line = {
        outcome,
        durationMs: call.durationMs,
        promptTokens: call.usage?.promptTokens,
        completionTokens: call.usage?.completionTokens,
        model: cfg.model,
        promptVersion: PROMPT_VERSION,
        inputBytes: bytes,
        hypothesesOmitted: pack.hypothesesOmitted,
        metric: c.metric,
        ...(call.httpStatus !== undefined ? { httpStatus: call.httpStatus } : {}),
        ...(call.error ? { error: call.error } : {}),
        ...(verdict && !verdict.ok ? { reason: verdict.reason, detail: verdict.detail } : {}),
      };
      if (verdict?.ok) {
        log.info(line, 'insight narrative written by the LLM');
        return { summary: verdict.summary, source: 'llm', promptVersion: PROMPT_VERSION };
      }
      log.warn(line, 'insight narrative fell back to the template');
      return template(c);
    } catch (err) {
      // A bug here must not cost the card its summary.
      log.error({ err, outcome: 'error', metric: c.metric }, 'insight narrative failed');
      return template(c);
    } finally {
      inFlight--;
    }
  };
}

/**
 * The demo's traffic: the insight benchmark's session generator (bench/insights/generate.ts:
 * diurnal sessions, routes, browsers, countries, users, vitals, HTTP calls, long tasks and
 * resources, seeded per minute so any hour is generated alone and identically on every run),
 * with the demo's own errors (real positions in the release's bundle, printed as each engine
 * prints them), custom events, client IPs and the injected regression added on top, then
 * encoded by the benchmark's OTLP encoder (the @pulsetrace/web span form).
 */
import crypto from 'node:crypto';
import { seededRandom, type Random } from '../../../collector-processor/src/insights/stats/random';
import { generateMinute, type SimPage, type SimSession } from '../../../bench/insights/generate';
import { encodeSessions } from '../../../bench/insights/otlp';
import { MINUTE, type Scenario } from '../../../bench/insights/scenario';
import type { BugName, BuiltRelease, Frame } from './app';

export interface DemoPlan {
  scenario: Scenario;
  builds: Map<string, BuiltRelease>;
  regressedRelease: string;
}

type Engine = 'v8' | 'firefox' | 'safari';
const engineOf = (browser: string): Engine =>
  browser === 'Firefox' ? 'firefox' : browser === 'Safari' ? 'safari' : 'v8';

/** What each engine says for the same fault: the processor's grouping must see one bug. */
const MESSAGES: Record<BugName, { type: string; text: Record<Engine, string> }> = {
  price: {
    type: 'TypeError',
    text: {
      v8: "Cannot read properties of undefined (reading 'price')",
      firefox: 'can\'t access property "price", item.product is undefined',
      safari: "undefined is not an object (evaluating 'item.product.price')",
    },
  },
  recommendations: {
    type: 'Error',
    text: {
      v8: 'recommendations request failed with HTTP 503',
      firefox: 'recommendations request failed with HTTP 503',
      safari: 'recommendations request failed with HTTP 503',
    },
  },
  resize: {
    type: 'TypeError',
    text: {
      v8: "Cannot read properties of undefined (reading 'contentRect')",
      firefox: 'can\'t access property "contentRect", entries[0] is undefined',
      safari: "undefined is not an object (evaluating 'entries[0].contentRect')",
    },
  },
  coupon: {
    type: 'TypeError',
    text: {
      v8: "Cannot read properties of undefined (reading 'discount')",
      firefox: 'can\'t access property "discount", coupon is undefined',
      safari: "undefined is not an object (evaluating 'coupon.discount')",
    },
  },
};

/** Per page view: which bug, on which routes, how often (the regression's coupon bug separately). */
const DAILY_BUGS: Array<{ bug: BugName; routes: string[]; rate: number }> = [
  { bug: 'price', routes: ['/products/:id', '/cart'], rate: 0.025 },
  { bug: 'recommendations', routes: ['/'], rate: 0.03 },
  { bug: 'resize', routes: ['/', '/products/:id', '/search', '/cart', '/checkout'], rate: 0.01 },
];
const REGRESSION = { route: '/checkout', lcpFactor: 2.4, inpFactor: 3, couponRate: 0.5, apiErrorRate: 0.08 };

function stackOf(engine: Engine, bug: BugName, url: string, frames: [Frame, Frame]): string {
  const { type, text } = MESSAGES[bug];
  if (engine === 'v8')
    return [`${type}: ${text.v8}`, ...frames.map((f) => `    at ${f.fn} (${url}:${f.line}:${f.col})`)].join(
      '\n',
    );
  return frames.map((f) => `${f.fn}@${url}:${f.line}:${f.col}`).join('\n');
}

/** A page's own generator: deterministic from its id, independent of what else the hour holds. */
const rngOf = (id: string) => seededRandom(parseInt(id.slice(0, 8), 16) ^ 0x5eed);

/** Documentation ranges (RFC 5737): never a real visitor's address, so no real geo lookup either. */
const DOC_RANGES = ['192.0.2', '198.51.100', '203.0.113'];
const ipOf = (visitorId: string) => {
  const n = parseInt(visitorId.slice(0, 6), 16);
  return `${DOC_RANGES[n % 3]}.${1 + (Math.floor(n / 3) % 254)}`;
};

function addErrors(plan: DemoPlan, s: SimSession, p: SimPage, rng: Random): void {
  // The benchmark's own background errors point at a made-up bundle: the demo sends its own.
  p.errors = [];
  const build = plan.builds.get(s.release);
  if (!build) return;
  const engine = engineOf(s.agent.browser);
  const push = (bug: BugName) =>
    p.errors.push({
      at: p.at + 2000 + Math.floor(rng.uniform() * 8000),
      type: MESSAGES[bug].type,
      message: MESSAGES[bug].text[engine],
      stack: stackOf(engine, bug, build.url, build.frames[bug]),
    });
  for (const d of DAILY_BUGS) if (d.routes.includes(p.route) && rng.uniform() < d.rate) push(d.bug);
  if (
    s.release === plan.regressedRelease &&
    p.route === REGRESSION.route &&
    rng.uniform() < REGRESSION.couponRate
  )
    push('coupon');
}

/**
 * Everyone on /checkout presses "Pay": each of its page views reports an INP (the generator gives
 * 40% of page views one), which also gives the release comparison enough samples there.
 */
function payInteraction(s: SimSession, p: SimPage, rng: Random): void {
  if (p.route !== REGRESSION.route || p.vitals.some((v) => v.name === 'INP')) return;
  const median = s.agent.device === 'mobile' ? 180 : 120;
  p.vitals.push({
    name: 'INP',
    value: Math.round(median * Math.exp(0.5 * rng.normal())),
    at: p.at + 6000,
    attribution: { interactionTarget: 'button#pay', interactionType: 'pointer' },
  });
}

function regress(p: SimPage, rng: Random): void {
  if (p.route !== REGRESSION.route) return;
  for (const v of p.vitals) {
    if (v.name === 'LCP') v.value = Math.round(v.value * REGRESSION.lcpFactor);
    if (v.name === 'INP') v.value = Math.round(v.value * REGRESSION.inpFactor);
  }
  for (const c of p.calls)
    if (c.url.endsWith('/v1/checkout') && rng.uniform() < REGRESSION.apiErrorRate) c.status = 503;
}

/** Custom events with numeric properties (sent as numbers, so the query API can sum them). */
function customEvents(p: SimPage, rng: Random) {
  const out: Array<{ at: number; name: string; props: Record<string, string | number> }> = [];
  const at = p.at + 4000 + Math.floor(rng.uniform() * 10_000);
  if (p.route === '/products/:id' && rng.uniform() < 0.3)
    out.push({
      at,
      name: 'add_to_cart',
      props: {
        price: Math.round(500 + rng.uniform() * 15_000) / 100,
        quantity: 1 + Math.floor(rng.uniform() * 3),
        currency: 'EUR',
      },
    });
  if (p.route === '/search')
    out.push({
      at,
      name: 'search',
      props: { results: Math.floor(rng.uniform() * 60), query_length: 3 + Math.floor(rng.uniform() * 12) },
    });
  if (p.route === '/checkout' && rng.uniform() < 0.5)
    out.push({
      at,
      name: 'purchase',
      props: {
        value: Math.round(2000 + rng.uniform() * 30_000) / 100,
        items: 1 + Math.floor(rng.uniform() * 5),
        currency: 'EUR',
      },
    });
  return out;
}

type Kv = { key: string; value: Record<string, string | number | boolean> };
const kv = (key: string, v: string | number): Kv => ({
  key,
  value:
    typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: v } : { doubleValue: v },
});
const ns = (ms: number) => `${Math.round(ms)}000000`;

/** One hour's sessions, with the demo's additions applied. */
export function sessionsOfHour(plan: DemoPlan, hourStart: number): SimSession[] {
  const out: SimSession[] = [];
  for (let m = hourStart; m < hourStart + 60 * MINUTE; m += MINUTE)
    out.push(...generateMinute(plan.scenario, m));
  return out;
}

/**
 * OTLP/JSON for /v1/traces: the benchmark encoder's output, with span ids derived from the trace
 * (its counter differs between runs), the client IP a collector hop records as `client.address`,
 * and each page's custom events and errors as span events on its page-view span.
 */
export function encodeDemo(plan: DemoPlan, sessions: SimSession[]): { body: string; spans: number } {
  for (const s of sessions)
    for (const p of s.pages) {
      const rng = rngOf(p.id);
      payInteraction(s, p, rng);
      if (s.release === plan.regressedRelease) regress(p, rng);
      addErrors(plan, s, p, rng);
    }
  const doc = JSON.parse(encodeSessions(sessions).traces) as {
    resourceSpans: Array<{
      resource: { attributes: Kv[] };
      scopeSpans: Array<{
        spans: Array<{ spanId: string; traceId: string; name: string; attributes: Kv[]; events?: unknown[] }>;
      }>;
    }>;
  };
  let spans = 0;
  doc.resourceSpans.forEach((rs, i) => {
    const s = sessions[i]!;
    rs.resource.attributes.push(kv('client.address', ipOf(s.visitorId)));
    const list = rs.scopeSpans[0]!.spans;
    spans += list.length;
    let page = -1;
    list.forEach((span, n) => {
      span.spanId = crypto.createHash('sha1').update(`${span.traceId}/${n}`).digest('hex').slice(0, 16);
      if (span.name !== 'browser.navigation') return;
      const p = s.pages[++page]!;
      for (const e of customEvents(p, rngOf(p.id.slice(8))))
        span.events!.push({
          timeUnixNano: ns(e.at),
          name: 'pulsetrace.event',
          attributes: [
            kv('pulsetrace.event.name', e.name),
            ...Object.entries(e.props).map(([k, v]) => kv(`pulsetrace.body.${k}`, v)),
          ],
        });
    });
  });
  return { body: JSON.stringify(doc), spans };
}

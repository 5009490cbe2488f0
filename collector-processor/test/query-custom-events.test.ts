/**
 * The custom_events query type against a real processor: tracked events seeded with users,
 * visitors and sessions; expected counts computed here from the same rows.
 */
import type { RunningProcessor } from '../src/processor';
import type { CustomEventRow } from '../src/store/rows';
import { createProject, startTestProcessor } from './helpers/processor';
import { columns, insertRows, queryFrames } from './helpers/query';
import { customEventRow, groupRows, minuteAgo, rowsOf, sum, type At } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const T = minuteAgo(90);
const MIN = 60_000;
const range = () => ({ project, from: T, to: T + 60 * MIN });
const events: CustomEventRow[] = [];

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const at = (minute: number, extra: Partial<At>): At => ({
    atMs: T + minute * MIN + 1234,
    project_id: project,
    ...extra,
  });
  const ev = (minute: number, name: string, who: Partial<At>, properties: Record<string, string> = {}) =>
    customEventRow(at(minute, who), { name, properties });
  events.push(
    ev(1, 'checkout', { user_id: 'u1', session_id: 's1' }, { plan: 'pro' }),
    ev(2, 'checkout', { user_id: 'u2', session_id: 's2' }, { plan: 'free' }),
    ev(11, 'checkout', { user_id: 'u1', session_id: 's1' }, { plan: 'pro' }),
    ev(21, 'checkout', { visitor_id: 'v3', session_id: 's3' }, { plan: 'pro', coupon: 'X' }),
    ev(31, 'checkout', { visitor_hash: 'h4', session_id: 's4' }, {}),
    ev(3, 'signup', { visitor_hash: 'h4', session_id: 's4' }, { plan: 'free' }),
    ev(42, 'signup', { user_id: 'u5', session_id: 's5' }, { plan: 'pro' }),
  );
  await insertRows(p, 'custom_events', [
    ...events,
    ev(4, 'checkout', { is_bot: 1, user_id: 'bot' }, { plan: 'bot' }),
  ]);
});
afterAll(() => p.stop());

describe('custom_events', () => {
  const who = (e: CustomEventRow) => e.user_id || e.visitor_id || e.visitor_hash;

  it('counts events, users and sessions per name, without the bot', async () => {
    const [frame] = await queryFrames(p, { type: 'custom_events', view: 'by_name', ...range() });
    const want = [...groupRows(events, (e) => e.name).entries()]
      .map(([name, rows]) => ({
        name,
        count: rows.length,
        users: new Set(rows.map(who)).size,
        sessions: new Set(rows.map((r) => r.session_id)).size,
      }))
      .sort((a, b) => b.count - a.count);
    expect(rowsOf(frame!)).toEqual(want);
  });

  it('counts the values of one property among the named events', async () => {
    const [frame] = await queryFrames(p, {
      type: 'custom_events',
      view: 'properties',
      propertyKey: 'plan',
      names: ['checkout'],
      ...range(),
    });
    const carrying = events.filter((e) => e.name === 'checkout' && 'plan' in e.properties);
    const want = [...groupRows(carrying, (e) => e.properties.plan!).entries()]
      .map(([value, rows]) => ({ value, count: rows.length, users: new Set(rows.map(who)).size }))
      .sort((a, b) => b.count - a.count);
    expect(rowsOf(frame!)).toEqual(want);
  });

  it('draws one series per event name', async () => {
    const frames = await queryFrames(p, { type: 'custom_events', ...range(), intervalMs: 60 * MIN });
    const got = Object.fromEntries(
      frames.map((f) => [f.schema.fields[1]!.labels!.name, sum(columns(f).count as number[])]),
    );
    expect(got).toEqual(
      Object.fromEntries([...groupRows(events, (e) => e.name)].map(([n, r]) => [n, r.length])),
    );
  });
});

/**
 * The issue detail page against a real processor on the seeded shop: every query its scene runs
 * (src/pages/issue-detail/queries.ts) through the data source's request builder, each frame's
 * shape and rows checked against what seed.ts put in; then the page's actions (resolve, ignore
 * until a count, assign, comment) on the write route, and the activity trail showing them in order.
 */
import type { DataFrameJSON } from '../../collector-processor/src/query/types';
import { detailQuery, DETAIL_LIMIT, issueDetailQueries, occurrencesQuery } from '../src/pages/issue-detail/queries';
import { ignorePatch } from '../src/pages/issue-detail/model';
import { tagGroups } from '../src/components/TagDistribution/model';
import { AppProcessor, callRoute, columnsOf, runPanelQuery, shapeOf, startAppProcessor } from './helpers/processor';
import { ISSUES } from './helpers/seed';

jest.setTimeout(120_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
});
afterAll(() => app?.stop());

const checkout = ISSUES.find((i) => i.fingerprint === 'fp-checkout-total')!;
const ID = checkout.fingerprint;
const byName = (frames: DataFrameJSON[]) => Object.fromEntries(frames.map((f) => [f.schema.name!, f]));
const countBy = (values: string[]) => {
  const m = new Map<string, number>();
  values.forEach((v) => m.set(v, (m.get(v) ?? 0) + 1));
  return m;
};

describe('issue detail queries', () => {
  it('the page runs exactly these two queries', () => {
    const q = issueDetailQueries(ID);
    expect(Object.values(q).map((x) => [x.refId, x.type])).toEqual([
      ['detail', 'issue_detail'],
      ['occurrences', 'errors'],
    ]);
  });

  it('detail: the summary, the events, the latest event’s stack, causes and breadcrumbs', async () => {
    const f = byName(await runPanelQuery(app, detailQuery(ID)));
    expect(Object.keys(f)).toEqual([
      'summary',
      'events',
      'stack',
      'breadcrumbs',
      'tags',
      'releases',
      'causes',
      'sessions',
    ]);
    const summary = columnsOf(f.summary!);
    expect(summary.title).toEqual([`${checkout.type}: ${checkout.message}`]);
    expect(summary.events_in_range).toEqual([checkout.events.length]);
    expect(summary.first_release).toEqual(['1.0.0']);
    expect(summary.last_release).toEqual(['1.1.0']);

    // Events newest first, each with its id: the page navigates them one by one.
    expect(shapeOf(f.events!).rows).toBe(Math.min(checkout.events.length, DETAIL_LIMIT));
    const events = columnsOf(f.events!);
    const newest = [...checkout.events.keys()].sort(
      (a, b) => checkout.events[a]!.minutesAgo - checkout.events[b]!.minutesAgo
    );
    expect(events.event_id).toEqual(newest.map((i) => `${ID}-e${i}`));
    expect(events.trace_id!.filter(Boolean).length).toBe(checkout.events.filter((e) => e.traceId).length);

    expect(f.stack!.schema.meta?.custom?.eventId).toBe(`${ID}-e${newest[0]}`);
    const stack = columnsOf(f.stack!);
    expect(stack.function).toEqual(checkout.frames.map((fr) => fr.function));
    expect(stack.in_app).toEqual(checkout.frames.map((fr) => (fr.in_app ?? 1) === 1));
    expect(stack.context_pre![0]).toBe('  const order = cart.current();\n  // pay');
    expect(stack.context_line![1]).toBe('    void submitOrder(cart);');

    expect(columnsOf(f.causes!).message).toEqual(['order summary missing', 'Failed to fetch']);
    const crumbs = columnsOf(f.breadcrumbs!);
    expect(crumbs.category).toEqual(['navigation', 'fetch', 'click', 'fetch', 'console']);
    const latestAt = app.now - checkout.events[newest[0]!]!.minutesAgo * 60_000;
    expect(crumbs.time).toEqual([9000, 6500, 2600, 2400, 300].map((ms) => latestAt - ms));
  });

  it('detail: tag distributions of every shown tag, each adding up to the events in range', async () => {
    const f = byName(await runPanelQuery(app, detailQuery(ID)));
    const tags = columnsOf(f.tags!);
    const rows = tags.tag!.map((tag, i) => ({
      tag: String(tag),
      value: String(tags.value![i]),
      count: Number(tags.count![i]),
      share: Number(tags.share![i]),
    }));
    const browsers = countBy(checkout.events.map((e) => e.browser));
    expect(Object.fromEntries(rows.filter((r) => r.tag === 'browser').map((r) => [r.value, r.count]))).toEqual(
      Object.fromEntries(browsers)
    );
    expect(new Set(rows.filter((r) => r.tag === 'country').map((r) => r.value))).toEqual(
      new Set(checkout.events.map((e) => e.country))
    );
    const groups = tagGroups(rows);
    expect(groups.map((g) => g.tag)).toEqual(['browser', 'os', 'device', 'release', 'route', 'country']);
    for (const g of groups) {
      expect(g.total).toBe(checkout.events.length);
      expect(g.bars.reduce((a, b) => a + b.percent, 0)).toBe(100);
    }
  });

  it('detail: releases and the affected sessions, with who and how many events', async () => {
    const f = byName(await runPanelQuery(app, detailQuery(ID)));
    expect(columnsOf(f.releases!).release).toEqual(['1.0.0', '1.1.0']);
    expect(columnsOf(f.releases!).events).toEqual([
      checkout.events.filter((e) => e.release === '1.0.0').length,
      checkout.events.filter((e) => e.release === '1.1.0').length,
    ]);
    const sessions = columnsOf(f.sessions!);
    expect(shapeOf(f.sessions!).fields).toEqual([
      'session_id',
      'user',
      'events',
      'first_seen',
      'last_seen',
      'release',
      'browser',
    ]);
    const expected = countBy(checkout.events.map((e) => e.session));
    expect(new Set(sessions.session_id)).toEqual(new Set(expected.keys()));
    expect((sessions.events as number[]).reduce((a, b) => a + b, 0)).toBe(checkout.events.length);
  });

  it('detail: a chosen event (the URL’s event id) gives that event’s stack and breadcrumbs', async () => {
    const f = byName(await runPanelQuery(app, detailQuery(ID, `${ID}-e0`)));
    expect(f.stack!.schema.meta?.custom?.eventId).toBe(`${ID}-e0`);
    const at = app.now - checkout.events[0]!.minutesAgo * 60_000;
    expect(columnsOf(f.breadcrumbs!).time!.at(-1)).toBe(at - 300);
  });

  it('detail: scoped to the page’s release variable, every frame of the range follows it', async () => {
    const f = byName(await runPanelQuery(app, detailQuery(ID), { vars: { release: ['1.1.0'] } }));
    const inRelease = checkout.events.filter((e) => e.release === '1.1.0');
    expect(shapeOf(f.events!).rows).toBe(inRelease.length);
    expect(new Set(columnsOf(f.events!).release)).toEqual(new Set(['1.1.0']));
    expect(new Set(columnsOf(f.sessions!).session_id)).toEqual(new Set(inRelease.map((e) => e.session)));
    expect(columnsOf(f.tags!).value![columnsOf(f.tags!).tag!.indexOf('release')]).toBe('1.1.0');
  });

  it('occurrences: the issue’s errors over time, every seeded event counted once', async () => {
    const frames = await runPanelQuery(app, occurrencesQuery(ID));
    expect(frames.length).toBeGreaterThan(0);
    const columns = columnsOf(frames[0]!);
    expect(Object.keys(columns)).toEqual(['time', 'errors', 'users', 'sessions']);
    expect((columns.errors as number[]).reduce((a, b) => a + b, 0)).toBe(checkout.events.length);
  });
});

describe('issue detail actions through the write route', () => {
  const path = `/api/v1/projects/shop/issues/${ID}`;
  const patch = async (body: unknown) => {
    const res = await callRoute(app, 'write', 'PATCH', path, body);
    expect(res.status).toBe(200);
    return res.body as { status: string; assignee: string | null; ignoreUntil: unknown };
  };

  it('resolves, ignores until 100 more events, assigns, comments, and the activity trail lists each', async () => {
    expect((await patch({ status: 'resolved' })).status).toBe('resolved');
    const ignore = ignorePatch({ mode: 'count', count: '100', date: '' });
    if (!('patch' in ignore)) {
      throw new Error(ignore.error);
    }
    const ignored = await patch(ignore.patch);
    expect(ignored.status).toBe('ignored');
    expect(ignored.ignoreUntil).toEqual({ count: 100, users: null, date: null });
    expect((await patch({ assignee: 'ana@shop.example' })).assignee).toBe('ana@shop.example');
    const comment = await callRoute(app, 'write', 'POST', `${path}/comments`, { text: 'Fixed by #42' });
    expect(comment.status).toBe(201);

    const activity = await callRoute(app, 'read', 'GET', `${path}/activity`);
    expect(activity.status).toBe(200);
    const trail = (activity.body as { activity: Array<Record<string, unknown>> }).activity;
    expect(trail.map((a) => [a.action, a.toStatus, a.comment])).toEqual([
      ['status_change', 'resolved', null],
      ['status_change', 'ignored', null],
      ['assign', 'ignored', null],
      ['comment', 'ignored', 'Fixed by #42'],
    ]);
    // The page's summary follows: issue_detail reads the same state.
    const f = byName(await runPanelQuery(app, detailQuery(ID)));
    expect(columnsOf(f.summary!).status).toEqual(['ignored']);
    expect(columnsOf(f.summary!).assignee).toEqual(['ana@shop.example']);
  });

  it('a Viewer’s token cannot change the issue (the read route)', async () => {
    expect((await callRoute(app, 'read', 'PATCH', path, { status: 'resolved' })).status).toBe(403);
  });

  it('GET the issue gives why it was grouped', async () => {
    const res = await callRoute(app, 'read', 'GET', path);
    const body = res.body as { grouping: { method: string }; groupingExplanation: string };
    expect(body.grouping.method).toBe('stack');
    expect(body.groupingExplanation.length).toBeGreaterThan(0);
  });
});

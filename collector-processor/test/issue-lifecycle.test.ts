import type { RunningProcessor } from '../src/processor';
import { lifecyclePass } from '../src/issues';
import { api, postErrors, type ErrorBatch } from '../src/issues/testkit';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

// Issue lifecycle through the real processor: errors go in over OTLP with an explicit SDK
// fingerprint (the fingerprint stage hashes it), changes go through the API as a Grafana user,
// and automatic transitions come from the lifecycle evaluator, run here with runOnce(now).
const WRITE = 'test-write-token';
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_WRITE_TOKEN: WRITE,
    // The timer must not race the explicit passes below.
    PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000',
  });
});
afterAll(() => p.stop());

type Issue = Record<string, unknown> & { status: string; events: number };
type Entry = {
  action: string;
  actor: string;
  at: string;
  fromStatus: string;
  toStatus: string;
  release: string | null;
};

async function project() {
  const { id, ingestKey } = await createProject(p.url);
  const send = async (b: ErrorBatch) => {
    await postErrors(p.url, ingestKey, b);
    await p.drained();
  };
  return { id, send };
}

/** The issue id as the fingerprint stage stored it, read back rather than computed. */
async function fingerprintOf(projectId: string, group: string): Promise<string> {
  const result = await p.store.client.query({
    query: `SELECT DISTINCT fingerprint FROM errors WHERE project_id = {p:String} AND exception_message = {m:String}`,
    query_params: { p: projectId, m: `${group} failed` },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ fingerprint: string }>();
  expect(rows).toHaveLength(1);
  expect(rows[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
  return rows[0].fingerprint;
}

const issue = async (projectId: string, fp: string) =>
  (await api<Issue>(p.url, ADMIN_TOKEN, 'GET', `/projects/${projectId}/issues/${fp}`)).body;

async function patch(projectId: string, fp: string, body: unknown, actor = 'alice') {
  const res = await api<Issue>(p.url, WRITE, 'PATCH', `/projects/${projectId}/issues/${fp}`, body, actor);
  expect(res.status).toBe(200);
  // Events received after this answer are after the change on the server clock.
  await new Promise((r) => setTimeout(r, 5));
  return res.body;
}

const activity = async (projectId: string, fp: string) =>
  (
    await api<{ activity: Entry[] }>(
      p.url,
      ADMIN_TOKEN,
      'GET',
      `/projects/${projectId}/issues/${fp}/activity`,
    )
  ).body.activity;

const summary = (entries: Entry[]) =>
  entries.map((e) => `${e.action} ${e.fromStatus}→${e.toStatus} ${e.release ?? '-'} by ${e.actor}`);

describe('issue lifecycle', () => {
  it('a resolved issue seen again reopens as regressed, naming the release it came back in', async () => {
    const { id, send } = await project();
    await send({ group: 'checkout', release: '1.0.0', count: 3 });
    const fp = await fingerprintOf(id, 'checkout');
    expect(await issue(id, fp)).toMatchObject({
      status: 'unresolved',
      substatus: 'new',
      events: 3,
      firstRelease: '1.0.0',
    });

    await patch(id, fp, { status: 'resolved' });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'resolved' }); // nothing new yet

    await send({ group: 'checkout', release: '1.1.0', count: 2 });
    await p.lifecycle.runOnce();
    const regressed = await issue(id, fp);
    expect(regressed).toMatchObject({
      status: 'regressed',
      substatus: 'regressed',
      regressedInRelease: '1.1.0',
      events: 5,
      firstRelease: '1.0.0',
      lastRelease: '1.1.0',
    });
    expect(summary(await activity(id, fp))).toEqual([
      'status_change unresolved→resolved - by write-token (claimed: alice)',
      'regressed resolved→regressed 1.1.0 by system',
    ]);
  });

  it('resolved in next release: current and older releases stay resolved, a newer one regresses it', async () => {
    const { id, send } = await project();
    await send({ group: 'cart', release: '2.0.0' });
    await send({ group: 'cart', release: '2.1.0' });
    const fp = await fingerprintOf(id, 'cart');
    const resolved = await patch(id, fp, { status: 'resolved_in_next_release' });
    expect(resolved).toMatchObject({ status: 'resolved_in_next_release', resolvedInRelease: '2.1.0' });

    // Users still on the current and older releases (and a pre-release of the current one).
    for (const release of ['2.1.0', '2.0.0', '2.1.0-beta.3', '']) await send({ group: 'cart', release });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'resolved_in_next_release', events: 6 });

    await send({ group: 'cart', release: '2.2.0' });
    await send({ group: 'cart', release: '2.1.0' });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'regressed', regressedInRelease: '2.2.0' });
    expect(summary(await activity(id, fp))).toEqual([
      'status_change unresolved→resolved_in_next_release 2.1.0 by write-token (claimed: alice)',
      'regressed resolved_in_next_release→regressed 2.2.0 by system',
    ]);
  });

  it('resolved in next release orders non-semver releases by when they were registered', async () => {
    const { id, send } = await project();
    const sha = (n: number) => `${String(n).repeat(7)}`; // git-SHA-like names, no semver
    await api(p.url, WRITE, 'POST', `/projects/${id}/releases`, { version: sha(1) });
    await send({ group: 'search', release: sha(1) });
    const fp = await fingerprintOf(id, 'search');
    expect(await patch(id, fp, { status: 'resolved_in_next_release' })).toMatchObject({
      resolvedInRelease: sha(1),
    });
    await api(p.url, WRITE, 'POST', `/projects/${id}/releases`, { version: sha(2) });
    await send({ group: 'search', release: sha(1) });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'resolved_in_next_release' });
    await send({ group: 'search', release: sha(2) });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'regressed', regressedInRelease: sha(2) });
  });

  it('ignore until count wakes the issue at exactly the count, not before', async () => {
    const { id, send } = await project();
    await send({ group: 'search-count', release: '1.0.0', count: 4 });
    const fp = await fingerprintOf(id, 'search-count');
    const ignored = await patch(id, fp, { status: 'ignored', ignoreUntil: { count: 3 } });
    expect(ignored).toMatchObject({
      status: 'ignored',
      substatus: 'until_condition',
      ignoreUntil: { count: 3 },
    });

    await send({ group: 'search-count', release: '1.0.0', count: 2 });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({ status: 'ignored', events: 6 });

    await send({ group: 'search-count', release: '1.0.0' });
    await p.lifecycle.runOnce();
    expect(await issue(id, fp)).toMatchObject({
      status: 'unresolved',
      substatus: 'ongoing',
      events: 7,
      ignoreUntil: null,
    });
    const log = await activity(id, fp);
    expect(summary(log)).toEqual([
      'status_change unresolved→ignored - by write-token (claimed: alice)',
      'unignored ignored→unresolved - by system',
    ]);
    expect(log[1]).toMatchObject({ details: { reasons: ['count'], eventsSinceIgnored: 3 } });
  });

  it('ignore until a date wakes the issue at the date; ignore forever never wakes', async () => {
    const { id, send } = await project();
    await send({ group: 'until-date', release: '1.0.0' });
    await send({ group: 'forever', release: '1.0.0' });
    const [dated, forever] = [await fingerprintOf(id, 'until-date'), await fingerprintOf(id, 'forever')];
    const wakeAt = Date.now() + 3 * 3600_000;
    await patch(id, dated, { status: 'ignored', ignoreUntil: { date: new Date(wakeAt).toISOString() } });
    await patch(id, forever, { status: 'ignored' });

    await p.lifecycle.runOnce(wakeAt - 1);
    expect(await issue(id, dated)).toMatchObject({ status: 'ignored' });
    await p.lifecycle.runOnce(wakeAt);
    expect(await issue(id, dated)).toMatchObject({ status: 'unresolved', substatus: 'ongoing' });
    const [, woke] = await activity(id, dated);
    expect(woke).toMatchObject({ action: 'unignored', actor: 'system', at: new Date(wakeAt).toISOString() });

    await send({ group: 'forever', release: '1.0.0', count: 5 });
    await p.lifecycle.runOnce(wakeAt + 10 * 365 * 86400_000);
    expect(await issue(id, forever)).toMatchObject({ status: 'ignored', substatus: 'forever', events: 6 });
  });

  it('every change is in the audit log with its actor and time; automatic ones by "system"', async () => {
    const { id, send } = await project();
    await send({ group: 'audit', release: '3.0.0' });
    const fp = await fingerprintOf(id, 'audit');
    const started = Date.now();
    await patch(id, fp, { status: 'resolved', assignee: 'dave' }, 'alice');
    await send({ group: 'audit', release: '3.0.1' });
    await p.lifecycle.runOnce();
    const comment = await api(
      p.url,
      WRITE,
      'POST',
      `/projects/${id}/issues/${fp}/comments`,
      { text: 'on it' },
      'bob',
    );
    expect(comment.status).toBe(201);
    await patch(id, fp, { assignee: null }, 'bob');
    await patch(id, fp, { status: 'ignored', ignoreUntil: { count: 1 } }, 'carol');
    await send({ group: 'audit', release: '3.0.1' });
    await p.lifecycle.runOnce();
    await patch(id, fp, { status: 'unresolved' }, 'dave'); // already unresolved: nothing to log
    await patch(id, fp, { status: 'resolved' }); // as the token, without a user header
    await api(p.url, WRITE, 'PATCH', `/projects/${id}/issues/${fp}`, { status: 'unresolved' });

    const log = await activity(id, fp);
    expect(summary(log)).toEqual([
      'status_change unresolved→resolved - by write-token (claimed: alice)',
      'assign resolved→resolved - by write-token (claimed: alice)',
      'regressed resolved→regressed 3.0.1 by system',
      'comment regressed→regressed - by write-token (claimed: bob)',
      'assign regressed→regressed - by write-token (claimed: bob)',
      'status_change regressed→ignored - by write-token (claimed: carol)',
      'unignored ignored→unresolved - by system',
      'status_change unresolved→resolved - by write-token (claimed: alice)',
      'status_change resolved→unresolved - by write-token',
    ]);
    expect(log[1]).toMatchObject({ details: { from: null, to: 'dave' } });
    expect(log[3]).toMatchObject({ comment: 'on it' });
    for (const e of log) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(e.at)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('two instances detecting the same regression write it once', async () => {
    const { id, send } = await project();
    await send({ group: 'twice', release: '1.0.0' });
    const fp = await fingerprintOf(id, 'twice');
    await patch(id, fp, { status: 'resolved' });
    await send({ group: 'twice', release: '1.0.1' });
    // Both passes read the resolved state before either writes, as two processors would: both
    // write the transition (same state version, same activity id) and reads collapse them.
    const now = Date.now();
    await Promise.all([
      lifecyclePass(p.store.client, p.projects, now, p.log),
      lifecyclePass(p.store.client, p.projects, now + 1, p.log),
    ]);
    expect(await issue(id, fp)).toMatchObject({ status: 'regressed', regressedInRelease: '1.0.1' });
    expect(summary(await activity(id, fp))).toEqual([
      'status_change unresolved→resolved - by write-token (claimed: alice)',
      'regressed resolved→regressed 1.0.1 by system',
    ]);
  });

  it('a pass reads the states page by page and reaches all of them', async () => {
    const { id, send } = await project();
    const groups = ['page-a', 'page-b', 'page-c'];
    for (const group of groups) await send({ group, release: '1.0.0' });
    const fps = await Promise.all(groups.map((g) => fingerprintOf(id, g)));
    for (const fp of fps) await patch(id, fp, { status: 'resolved' });
    for (const group of groups) await send({ group, release: '1.0.1' });
    expect(await lifecyclePass(p.store.client, p.projects, Date.now(), p.log, 1)).toBeGreaterThanOrEqual(3);
    for (const fp of fps) expect(await issue(id, fp)).toMatchObject({ status: 'regressed' });
  });
});

/**
 * `releases` against a real processor: page views and errors seeded per release, registered
 * releases inserted as the releases API stores them; expected answers computed here from the
 * seeded rows.
 */
import type { RunningProcessor } from '../src/processor';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows, queryFrames } from './helpers/query';
import { toDateTime64 } from '../src/store/time';
import {
  counted,
  DAY,
  distinct,
  errorRow,
  HOUR,
  msOf,
  records,
  registeredRelease,
  releaseCounts,
  releaseTraffic,
  rounded,
  visitorOf,
  type ReleaseRows,
} from './helpers/seed-errors';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
let rows: ReleaseRows;
const NOW = Date.now();
const range = { from: NOW - 6 * HOUR, to: NOW + HOUR };
/** 1.0.0 registered long before the range, 2.0.0-rc within it (no traffic yet), 0.8.0 long ago. */
const REGISTERED: Record<string, number> = {
  '1.0.0': NOW - 30 * DAY,
  '2.0.0-rc': NOW - HOUR,
  '0.8.0': NOW - 60 * DAY,
};

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  rows = releaseTraffic(project, NOW);
  // An issue first seen in 1.1.0 (in a session that already had errors, so the traffic counts
  // stay as releaseCounts computes them from `rows`).
  rows.errors.push(
    errorRow(project, { at: NOW - HOUR, release: '1.1.0', session_id: 's3', fingerprint: 'fp-new' }),
  );
  for (const [table, list] of Object.entries(rows)) await insertRows(p, table, list);
  const registered = Object.entries(REGISTERED).map(([release, at]) =>
    registeredRelease(project, release, at),
  );
  await insertRows(p, 'releases', registered);
  // fp-default came back in 1.1.0 twice (resolved in between), fp-other once: two issues regressed.
  await insertRows(
    p,
    'issue_activity',
    [
      ['fp-default', 'a1'],
      ['fp-default', 'a2'],
      ['fp-other', 'a3'],
    ].map(([fingerprint, id]) => ({
      project_id: project,
      fingerprint,
      id,
      at: toDateTime64(NOW - HOUR),
      actor: 'system',
      action: 'regressed',
      from_status: 'resolved',
      to_status: 'regressed',
      release: '1.1.0',
      comment: '',
      details: '{}',
    })),
  );
});
afterAll(() => p.stop());

const releases = async (q: Record<string, unknown> = {}) =>
  records((await queryFrames(p, { project, ...range, type: 'releases', ...q }))[0]!);

/** A release's expected row, its adoption a share of every session in range (no release included). */
function expectedRelease(release: string, totalSessions: number) {
  const t = releaseCounts(rows, release, range);
  const first = Math.min(...[...t.pv, ...t.er].map((r) => msOf(r.timestamp)));
  return {
    release,
    created_at: REGISTERED[release] ?? first,
    registered: REGISTERED[release] !== undefined,
    first_seen: first,
    sessions: t.sessions,
    page_views: t.pv.length,
    errors: t.er.length,
    users: distinct([...t.pv, ...t.er].map(visitorOf)),
    error_rate: t.er.length / t.pv.length,
    crash_free_sessions: 1 - t.errorSessions / t.sessions,
    adoption: t.sessions / totalSessions,
    // fp-default's first error with a release is session 3's in 1.1.0 (session 0's has none,
    // session 4's in 1.0.0 comes later); fp-new is 1.1.0's too (see beforeAll).
    new_issues: release === '1.1.0' ? 2 : 0,
    regressed_issues: release === '1.1.0' ? 2 : 0,
    previous_release: release === '1.1.0' ? '1.0.0' : null,
  };
}

const UNUSED_RC = {
  release: '2.0.0-rc',
  created_at: REGISTERED['2.0.0-rc']!,
  registered: true,
  first_seen: null,
  sessions: 0,
  page_views: 0,
  errors: 0,
  users: 0,
  error_rate: null,
  crash_free_sessions: null,
  adoption: 0,
  new_issues: 0,
  regressed_issues: 0,
  previous_release: '1.1.0',
};

describe('releases', () => {
  it('lists the releases of the range, newest first, with traffic, crash-free sessions, adoption, new and regressed issues', async () => {
    const total = distinct(counted([...rows.page_views, ...rows.errors], range).map((r) => r.session_id));
    const expected = [...['1.0.0', '1.1.0'].map((r) => expectedRelease(r, total)), UNUSED_RC].sort(
      (a, b) => b.created_at - a.created_at,
    );
    expect(expected.map((r) => r.release)).toEqual(['2.0.0-rc', '1.1.0', '1.0.0']);
    expect((await releases()).map(rounded)).toEqual(expected.map(rounded));
  });

  it('narrows to chosen releases and a dimension, adoption still of all sessions', async () => {
    const got = await releases({ filters: { release: ['1.0.0'], browser: 'Safari' } });
    const safari = <T extends { browser_name: string }>(list: T[]) =>
      list.filter((r) => r.browser_name === 'Safari');
    const subset = { ...rows, page_views: safari(rows.page_views), errors: safari(rows.errors) };
    const total = distinct(counted([...subset.page_views, ...subset.errors], range).map((r) => r.session_id));
    const t = releaseCounts(subset, '1.0.0', range);
    expect(t.sessions).toBeLessThan(total);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      release: '1.0.0',
      sessions: t.sessions,
      page_views: t.pv.length,
      errors: t.er.length,
    });
    expect(got[0]!.adoption).toBeCloseTo(t.sessions / total, 12);
  });

  it('leaves out releases with nothing in the range', async () => {
    expect(await releases({ from: NOW - 3 * DAY, to: NOW - DAY })).toEqual([
      expect.objectContaining({ release: '0.9.0', sessions: 1, registered: false }),
    ]);
  });
});

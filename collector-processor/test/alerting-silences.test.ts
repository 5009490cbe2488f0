/**
 * Silences (POST/GET/DELETE /api/v1/projects/:id/silences) and what they do in the ruler: a
 * silenced alert is recorded in the history (silenced) and not notified; after the silence is
 * deleted, the next alert is notified. Clear 400s for bad input.
 */
import type { RunningProcessor } from '../src/processor';
import { api, postErrors } from '../src/issues/testkit';
import { selectRows } from '../src/store/query';
import { eventually, outbox, ruleFile } from './helpers/alerting';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(60_000);

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_ALERTS_DELIVERY_MS: '0',
    PULSETRACE_ALERT_RULES_FILE: ruleFile([
      {
        kind: 'event',
        id: 'new-issue',
        name: 'New issue',
        event: 'issue.new',
        annotations: { summary: 'New issue' },
        receivers: ['hook'],
      },
    ]),
  });
});
afterAll(() => p?.stop());

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('the silences API', () => {
  it('creates, lists and deletes; the creator is the token’s actor', async () => {
    const { id } = await createProject(p.url);
    const created = await api<{ id: string; status: string; createdBy: string }>(
      p.url,
      ADMIN_TOKEN,
      'POST',
      `/projects/${id}/silences`,
      {
        matchers: [{ name: 'alertname', value: 'New issue' }],
        endsAt: inHours(2),
        comment: 'deploy window',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', createdBy: expect.any(String) });
    const listed = await api<{ silences: Array<{ id: string; comment: string; matchers: unknown }> }>(
      p.url,
      ADMIN_TOKEN,
      'GET',
      `/projects/${id}/silences`,
    );
    expect(listed.body.silences).toEqual([
      expect.objectContaining({
        id: created.body.id,
        comment: 'deploy window',
        matchers: [{ name: 'alertname', op: '=', value: 'New issue' }],
      }),
    ]);
    expect(
      (await api(p.url, ADMIN_TOKEN, 'DELETE', `/projects/${id}/silences/${created.body.id}`)).status,
    ).toBe(204);
    expect(
      (await api<{ silences: unknown[] }>(p.url, ADMIN_TOKEN, 'GET', `/projects/${id}/silences`)).body
        .silences,
    ).toEqual([]);
    expect(
      (await api(p.url, ADMIN_TOKEN, 'DELETE', `/projects/${id}/silences/${created.body.id}`)).status,
    ).toBe(404);
  });

  it.each([
    [{ matchers: [], endsAt: inHours(1) }, /at least one matcher/],
    [
      { matchers: [{ name: 'route', op: '=~', value: '(' }], endsAt: inHours(1) },
      /not a valid regular expression/,
    ],
    [{ matchers: [{ name: 'route', value: '/a' }], endsAt: inHours(-1) }, /endsAt must be in the future/],
    [{ matchers: [{ name: 'route', value: '/a' }], endsAt: inHours(24 * 400) }, /at most 366 days/],
    [{ matchers: [{ name: 'route', value: '/a' }] }, /endsAt/],
  ])('400 for %j', async (body, message) => {
    const { id } = await createProject(p.url);
    const res = await api<{ error: string }>(p.url, ADMIN_TOKEN, 'POST', `/projects/${id}/silences`, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
  });
});

describe('a silenced alert', () => {
  it('is recorded (silenced) but not notified; once the silence is gone, the next one is', async () => {
    const project = await createProject(p.url);
    const silence = await api<{ id: string }>(
      p.url,
      ADMIN_TOKEN,
      'POST',
      `/projects/${project.id}/silences`,
      {
        matchers: [{ name: 'alertname', value: 'New issue' }],
        endsAt: inHours(1),
      },
    );
    await postErrors(p.url, project.ingestKey, { group: 'hidden-bug', release: '1.0.0' });
    await p.drained();
    const recorded = await eventually(async () => {
      const rows = await selectRows(
        p.store.client,
        'SELECT silenced FROM alert_history FINAL WHERE project_id = {p:String}',
        {
          p: project.id,
        },
      );
      return rows.length ? rows : undefined;
    });
    expect(recorded.map((r) => Number(r.silenced))).toEqual([1]);
    await p.ruler.idle();
    expect(await outbox(p.store.client, project.id)).toEqual([]);

    await api(p.url, ADMIN_TOKEN, 'DELETE', `/projects/${project.id}/silences/${silence.body.id}`);
    await postErrors(p.url, project.ingestKey, { group: 'loud-bug', release: '1.0.0' });
    await p.drained();
    const rows = await eventually(async () => {
      const r = await outbox(p.store.client, project.id);
      return r.length ? r : undefined;
    });
    expect(rows.map((r) => r.notification.alerts[0]!.labels.alertname)).toEqual(['New issue']);
  });
});

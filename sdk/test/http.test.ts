/**
 * fetch and XHR client spans from a real page: one http_requests row per call with method,
 * status and server; `traceparent` sent to the same origin and to the backend listed in
 * propagateTraceHeaderCorsUrls (its trace id is the row's trace_id, its parent id the row's
 * span_id), never to another origin; the SDK's own OTLP exports are not recorded.
 */
import { BROWSERS } from './helpers/browsers';
import type { HttpRequestRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';
import type { BackendRequest } from './helpers/servers';

const h = useHarness();

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[0-9a-f]$/;

describe.each(BROWSERS)('HTTP spans in %s', (name) => {
  const browser = useBrowser(name);

  it('fetch + XHR rows with status codes; traceparent only where allowed, matching the row', async () => {
    const { backend, other, pages } = h();
    // The trailing slash keeps a port prefix from matching a longer port.
    const s = await h().scenario(browser(), { init: { propagateTraceHeaderCorsUrls: [`${backend.url}/`] } });
    const run = Date.now().toString(36); // paths unique to this run: the servers are shared by both browsers
    await s.open('/app/http');
    const answers = await s.page.evaluate(
      async ({ backend, other, run }) => {
        const json = async (r: Response) => ({
          status: r.status,
          body: (await r.json()) as { traceparent: string },
        });
        return {
          fetchOk: await json(await fetch(`${backend}/api/items/${run}`)),
          xhrPost: await window.app.xhr('POST', `${backend}/api/orders/${run}`),
          fetch503: await json(await fetch(`${backend}/api/status/503/${run}`)),
          other: await json(await fetch(`${other}/api/ping/${run}`)),
          sameOrigin: await json(await fetch(`/api/self/${run}`)),
        };
      },
      { backend: backend.url, other: other.url, run },
    );
    expect([answers.fetchOk.status, answers.xhrPost.status, answers.fetch503.status]).toEqual([
      200, 201, 503,
    ]);
    await s.flush();

    const rows = await s.rows<HttpRequestRow>('http_requests', {
      count: 5,
      where: 'position(http_url, {run:String}) > 0',
      params: { run },
    });
    expect(rows).toHaveLength(5);
    const row = (path: string) => {
      const r = rows.find((x) => new URL(x.http_url).pathname === path);
      if (!r) throw new Error(`no http_requests row for ${path}:\n${s.diagnostics()}`);
      return r;
    };
    /** The request (not the preflight) the server got for `path`. */
    const seen = (log: BackendRequest[], path: string) => {
      const r = log.find((x) => x.method !== 'OPTIONS' && x.path === path);
      if (!r) throw new Error(`the server saw no request for ${path}`);
      return r;
    };
    const expectPropagated = (r: HttpRequestRow, got: BackendRequest, echoed: string | null) => {
      const m = TRACEPARENT.exec(got.traceparent ?? '');
      expect(m).not.toBeNull();
      expect(m![1]).toBe(r.trace_id);
      expect(m![2]).toBe(r.span_id);
      expect(echoed).toBe(got.traceparent);
    };

    const items = row(`/api/items/${run}`);
    expect([items.method, items.status_code, items.server_address]).toEqual(['GET', 200, '127.0.0.1']);
    expect(items.duration_ms).toBeGreaterThan(0);
    expectPropagated(items, seen(backend.requests, `/api/items/${run}`), answers.fetchOk.body.traceparent);

    const orders = row(`/api/orders/${run}`);
    expect([orders.method, orders.status_code]).toEqual(['POST', 201]);
    expectPropagated(orders, seen(backend.requests, `/api/orders/${run}`), answers.xhrPost.body.traceparent);

    const failed = row(`/api/status/503/${run}`);
    expect([failed.method, failed.status_code]).toEqual(['GET', 503]);
    expectPropagated(
      failed,
      seen(backend.requests, `/api/status/503/${run}`),
      answers.fetch503.body.traceparent,
    );

    // Same origin: propagated by default.
    const self = row(`/api/self/${run}`);
    expect(self.status_code).toBe(200);
    expectPropagated(self, seen(pages.requests, `/api/self/${run}`), answers.sameOrigin.body.traceparent);

    // Another origin: recorded, but no traceparent — not even asked for in a preflight.
    const ping = row(`/api/ping/${run}`);
    expect(ping.status_code).toBe(200);
    expect(answers.other.body.traceparent).toBeNull();
    const toOther = other.requests.filter((r) => r.path.includes(run));
    expect(toOther.length).toBeGreaterThan(0);
    expect(toOther.filter((r) => r.traceparent || /traceparent/i.test(r.requestedHeaders ?? ''))).toEqual([]);

    // All of them in the page's session and page view.
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
    expect(new Set(rows.map((r) => r.page_view_id)).size).toBe(1);
    expect(rows[0].url).toBe(s.url('/app/http'));

    // The SDK's own exports to the processor are never HTTP rows.
    const own = await s.rows<HttpRequestRow>('http_requests', {
      count: 0,
      where: "position(http_url, '/v1/') > 0",
    });
    expect(own).toEqual([]);
  });
});

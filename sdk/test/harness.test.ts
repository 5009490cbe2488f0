/**
 * The harness itself, without the SDK: a page on the page server posts a hand-built OTLP/JSON
 * span through the recording proxy (CORS, origin check, key header) and it lands in ClickHouse;
 * the proxy's offline switch makes the browser's request fail; the backend echoes `traceparent`.
 * When this passes and an SDK test fails, the SDK (not the plumbing) is the suspect.
 */
import { BROWSERS } from './helpers/browsers';
import type { CustomEventRow } from './helpers/clickhouse';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

describe.each(BROWSERS)('harness in %s', (name) => {
  const browser = useBrowser(name);

  it('delivers page → proxy → processor → ClickHouse, and the proxy can cut the network', async () => {
    const s = await h().scenario(browser());
    await s.page.goto(s.url('/blank/'));
    const post = (uid: string) =>
      s.page.evaluate(async (uid) => {
        const hex = (n: number) =>
          Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join(
            '',
          );
        const t = `${Date.now()}000000`;
        const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
        const body = {
          resourceSpans: [
            {
              resource: { attributes: [attr('service.name', 'harness')] },
              scopeSpans: [
                {
                  scope: { name: 'harness' },
                  spans: [
                    {
                      traceId: hex(16),
                      spanId: hex(8),
                      name: 'pulsetrace.event',
                      kind: 1,
                      startTimeUnixNano: t,
                      endTimeUnixNano: t,
                      attributes: [
                        attr('pulsetrace.event.name', 'harness_check'),
                        attr('pulsetrace.body.uid', uid),
                        attr('browser.document.url.full', location.href),
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        };
        try {
          const res = await fetch(`${window.PT_TEST.endpoint}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-pulsetrace-key': window.PT_TEST.key },
            body: JSON.stringify(body),
          });
          return res.status;
        } catch (err) {
          return `failed: ${String(err)}`;
        }
      }, uid);

    expect(await post('online-1')).toBe(200);
    h().proxy.setOnline(false);
    expect(await post('offline-1')).toMatch(/^failed: /);
    h().proxy.setOnline(true);
    expect(await post('online-2')).toBe(200);

    const rows = await s.rows<CustomEventRow>('custom_events', { count: 2 });
    expect(rows.map((r) => r.properties.uid).sort()).toEqual(['online-1', 'online-2']);
    expect(rows.every((r) => r.name === 'harness_check' && r.url === s.url('/blank/'))).toBe(true);

    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const echoed = await s.page.evaluate(
      async ({ backend, traceparent }) => {
        const res = await fetch(`${backend}/api/echo`, { headers: { traceparent } });
        return ((await res.json()) as { traceparent: string }).traceparent;
      },
      { backend: h().backend.url, traceparent },
    );
    expect(echoed).toBe(traceparent);
    expect(
      h().backend.requests.some(
        (r) => r.method === 'OPTIONS' && /traceparent/.test(r.requestedHeaders ?? ''),
      ),
    ).toBe(true);
  });
});

/**
 * `debug: true` says why the processor refused a batch: the page's console shows the status and
 * the processor's own reason (here: an unknown ingest key), and the page itself sees no error.
 */
import { BROWSERS } from './helpers/browsers';
import { useBrowser, useHarness } from './helpers/harness';

const h = useHarness();

describe.each(BROWSERS)('debug log in %s', (name) => {
  const browser = useBrowser(name);

  it('a batch refused for an unknown ingest key logs HTTP 401 and the server’s reason', async () => {
    const project = await h().project(`debug-${name}`); // allows the page's origin (CORS)
    const s = await h().scenario(browser(), {
      project,
      init: { key: 'pt_not_a_key_of_any_project', batchDelayMs: 50 },
    });
    await s.open('/app/debug');
    await s.page.evaluate(() => window.PulseTrace.track('debug_probe'));
    await s.flush();
    const expected =
      '[pulsetrace] the endpoint answered a batch with HTTP 401; dropping it: unknown or expired ingest key';
    const deadline = Date.now() + 20_000;
    while (!s.page.logs.some((l) => l.includes(expected)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    if (!s.page.logs.some((l) => l.includes(expected)))
      throw new Error(`no debug line for the refused batch\n${s.diagnostics()}`);
    // The SDK never throws into the page: no page error was recorded.
    expect(s.page.logs.filter((l) => /pageerror|uncaught/i.test(l))).toEqual([]);
  });
});

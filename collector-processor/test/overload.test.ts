import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor, until } from './helpers/processor';

// Its own file: chDB allows one data directory per process, and this needs a processor with a tiny WAL.
const json = { 'content-type': 'application/json' };

describe('overload', () => {
  it('answers 503 with Retry-After when the WAL is over its bound, and recovers once drained', async () => {
    const small = await startTestProcessor({ PULSETRACE_WAL_MAX_BYTES: '20000' });
    try {
      const { ingestKey } = await createProject(small.url);
      small.failpoint.fail();
      const payloads = new TracePayloads({ 'service.name': 'shop' });
      let res: Response | undefined;
      for (let i = 0; i < 50; i++) {
        res = await fetch(`${small.url}/v1/traces`, {
          method: 'POST',
          headers: { ...json, 'x-pulsetrace-key': ingestKey },
          body: encodeTraces(payloads.fetchSpans(10).spans, 'json').body,
        });
        if (res.status !== 200) break;
      }
      expect(res!.status).toBe(503);
      expect(res!.headers.get('retry-after')).toBe('5');
      expect((await fetch(`${small.url}/readyz`)).status).toBe(503);
      small.failpoint.lift();
      await small.drained();
      await until(async () => (await fetch(`${small.url}/readyz`)).status === 200);
    } finally {
      await small.stop();
    }
  });
});

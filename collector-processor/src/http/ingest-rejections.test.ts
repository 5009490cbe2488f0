import pino from 'pino';
import { Writable } from 'node:stream';
import { encodeStatus } from '../otlp';
import { keyHint, reasonOf, RejectionLog, type Rejection } from './ingest-rejections';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

const flush = () => new Promise((r) => setImmediate(r));
const refusal = (over: Partial<Rejection> = {}): Rejection => ({
  status: 401,
  reason: 'unknown or expired ingest key',
  route: '/v1/traces',
  project: 'pt_ab…',
  origin: 'https://shop.example',
  ...over,
});

describe('RejectionLog', () => {
  let clock = 0;
  const make = () => {
    const c = capture();
    const rl = new RejectionLog(c.log, () => clock, 10_000);
    return { ...c, rl };
  };
  beforeEach(() => (clock = 1_000_000));

  it('logs the first refusal of a kind at once, with project, status, reason, route and origin', async () => {
    const { lines, rl } = make();
    rl.record(refusal());
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'ingest request refused',
        status: 401,
        reason: 'unknown or expired ingest key',
        project: 'pt_ab…',
        route: '/v1/traces',
        origin: 'https://shop.example',
      }),
    ]);
    rl.close();
  });

  it('a flood is one line per 10 s per (project, status, reason); the held-back count comes next', async () => {
    const { lines, rl } = make();
    for (let i = 0; i < 500; i++) rl.record(refusal());
    rl.record(refusal({ project: 'p2' }));
    rl.record(refusal({ status: 429, reason: 'rate limit exceeded' }));
    await flush();
    expect(lines.map((l) => [l.project, l.status])).toEqual([
      ['pt_ab…', 401],
      ['p2', 401],
      ['pt_ab…', 429],
    ]);
    clock += 10_000;
    rl.record(refusal());
    await flush();
    expect(lines[3]).toMatchObject({
      suppressed: 499,
      msg: 'ingest request refused (+499 more like it in the last 10 s)',
    });
    rl.close();
  });

  it('when the flood stops, a summary says how many were held back', async () => {
    const { lines, rl } = make();
    for (let i = 0; i < 3; i++) rl.record(refusal());
    clock += 9_999;
    rl.sweep();
    await flush();
    expect(lines).toHaveLength(1);
    clock += 1;
    rl.sweep();
    rl.sweep();
    await flush();
    expect(lines.slice(1)).toEqual([
      expect.objectContaining({
        suppressed: 2,
        msg: expect.stringMatching(/^ingest requests refused \(summary\)/),
      }),
    ]);
    rl.close();
  });

  it('memory is bounded: past 1000 distinct kinds, refusals are only counted', async () => {
    const { lines, rl } = make();
    for (let i = 0; i < 1500; i++) rl.record(refusal({ reason: `reason ${i}` }));
    await flush();
    expect(lines).toHaveLength(1000);
    clock += 10_000;
    rl.sweep();
    await flush();
    expect(lines[1000]).toMatchObject({ suppressed: 500 });
    rl.close();
  });
});

describe('reasonOf and keyHint', () => {
  it('reads google.rpc.Status in JSON and protobuf, and {error}', () => {
    expect(reasonOf('application/json', encodeStatus('json', 16, 'unknown key'))).toBe('unknown key');
    expect(reasonOf('application/x-protobuf', encodeStatus('protobuf', 16, 'unknown key'))).toBe(
      'unknown key',
    );
    expect(reasonOf('application/json', Buffer.from('{"error":"too large"}'))).toBe('too large');
  });

  it('keeps a key recognisable but never usable', () => {
    expect(keyHint('pt_abcdefghijklmnopqrstuvwxyz')).toBe('pt_ab…');
    expect(keyHint('abc')).toBe('a…');
    expect(keyHint(undefined)).toBeUndefined();
  });
});

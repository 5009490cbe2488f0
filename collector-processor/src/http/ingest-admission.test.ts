import zlib from 'node:zlib';
import fc from 'fast-check';
import { gzipDeclaredSize, IngestAdmission, type AdmissionTicket } from './ingest-admission';

const MiB = 1024 * 1024;

function admitted(admission: IngestAdmission, bytes: number): AdmissionTicket {
  const result = admission.admit(bytes);
  if (!('ticket' in result)) throw new Error(`refused: ${result.refusal.message}`);
  return result.ticket;
}

describe('IngestAdmission', () => {
  it('refuses past the concurrent-request bound and admits again once one is released', () => {
    const admission = new IngestAdmission({ maxInFlightBytes: 100 * MiB, maxConcurrentRequests: 2 });
    const a = admitted(admission, 10);
    admitted(admission, 10);
    expect(admission.admit(10)).toEqual({
      refusal: expect.objectContaining({ reason: 'in_flight_requests' }),
    });
    a.release();
    expect('ticket' in admission.admit(10)).toBe(true);
  });

  it('refuses a declared body that would take the bytes past the bound, before any is read', () => {
    const admission = new IngestAdmission({ maxInFlightBytes: 10 * MiB, maxConcurrentRequests: 100 });
    const first = admitted(admission, 6 * MiB);
    expect(admission.admit(5 * MiB)).toEqual({
      refusal: expect.objectContaining({ reason: 'in_flight_bytes' }),
    });
    expect('ticket' in admission.admit(4 * MiB)).toBe(true);
    expect(admission.inFlightBytes).toBe(10 * MiB);
    first.release();
    expect(admission.inFlightBytes).toBe(4 * MiB);
  });

  it('always admits a lone request, even one larger than the bound (the body limit caps it)', () => {
    const admission = new IngestAdmission({ maxInFlightBytes: 1 * MiB, maxConcurrentRequests: 10 });
    const lone = admitted(admission, 4 * MiB);
    expect(lone.reserve(4 * MiB)).toBeUndefined();
    expect('refusal' in admission.admit(1)).toBe(true);
    lone.release();
    expect(admission.inFlightBytes).toBe(0);
  });

  it('counts a chunked body as it streams and refuses the chunk that crosses the bound', () => {
    const admission = new IngestAdmission({ maxInFlightBytes: 1000, maxConcurrentRequests: 10 });
    admitted(admission, 600);
    const chunked = admitted(admission, 0);
    expect(chunked.reserve(300)).toBeUndefined();
    expect(chunked.reserve(200)).toEqual(expect.objectContaining({ reason: 'in_flight_bytes' }));
    expect(admission.inFlightBytes).toBe(900);
  });

  it('release is idempotent and a released ticket cannot reserve', () => {
    const admission = new IngestAdmission({ maxInFlightBytes: 1000, maxConcurrentRequests: 10 });
    const t = admitted(admission, 100);
    t.release();
    t.release();
    expect(admission.inFlightBytes).toBe(0);
    expect(admission.inFlightRequests).toBe(0);
    expect(() => t.reserve(1)).toThrow(/after release/);
  });

  it('never exceeds its bounds (but for one lone holder of bytes) and returns to zero, whatever the order', () => {
    type Op =
      { kind: 'admit'; bytes: number } | { kind: 'reserve' | 'release'; index: number; bytes: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('admit' as const), bytes: fc.nat(5000) }),
      fc.record({
        kind: fc.constantFrom('reserve' as const, 'release' as const),
        index: fc.nat(20),
        bytes: fc.nat(5000),
      }),
    );
    const run = (maxBytes: number, maxRequests: number, ops: Op[]) => {
      const admission = new IngestAdmission({
        maxInFlightBytes: maxBytes,
        maxConcurrentRequests: maxRequests,
      });
      const held = new Map<AdmissionTicket, number>();
      const tickets: AdmissionTicket[] = [];
      for (const o of ops) {
        if (o.kind === 'admit') {
          const r = admission.admit(o.bytes);
          if ('ticket' in r) {
            tickets.push(r.ticket);
            held.set(r.ticket, o.bytes);
          }
        } else {
          const t = tickets[o.index % Math.max(1, tickets.length)];
          if (!t || !held.has(t)) continue;
          if (o.kind === 'release') {
            t.release();
            held.delete(t);
          } else if (t.reserve(o.bytes) === undefined) held.set(t, held.get(t)! + o.bytes);
        }
        const total = [...held.values()].reduce((a, b) => a + b, 0);
        expect(admission.inFlightBytes).toBe(total);
        expect(admission.inFlightRequests).toBe(held.size);
        expect(held.size).toBeLessThanOrEqual(maxRequests);
        const holders = [...held.values()].filter((b) => b > 0).length;
        if (holders > 1) expect(total).toBeLessThanOrEqual(maxBytes);
      }
      for (const t of tickets) t.release();
      expect(admission.inFlightBytes).toBe(0);
      expect(admission.inFlightRequests).toBe(0);
    };
    fc.assert(
      fc.property(
        fc.nat({ max: 8000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(op, { maxLength: 60 }),
        run,
      ),
    );
  });
});

describe('gzipDeclaredSize', () => {
  it('reads the uncompressed size from the gzip trailer', () => {
    expect(gzipDeclaredSize(zlib.gzipSync(Buffer.alloc(123_456, 7)))).toBe(123_456);
  });
  it('is undefined for a body that is not gzip', () => {
    expect(gzipDeclaredSize(Buffer.from('{"resourceSpans":[]}'))).toBeUndefined();
  });
});

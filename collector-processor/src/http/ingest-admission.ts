/**
 * Admission for OTLP ingest: bounds how many requests are in flight and how many body bytes they
 * hold, so concurrent large bodies cannot grow the heap without limit. A request is admitted
 * before its body is read (reserving its declared Content-Length), a chunked body reserves its
 * bytes as they stream, and a gzip body also reserves its decompressed size. Everything is
 * released when the response is done. Pure bookkeeping: no I/O, no timers.
 */

export interface AdmissionLimits {
  /** Body bytes (wire plus decompressed) held by admitted requests together. */
  maxInFlightBytes: number;
  /** Ingest requests admitted at once, from headers received until the response. */
  maxConcurrentRequests: number;
}

/** Fit for a 2-core box with a few GB: about 13 maximum-size (5 MiB) bodies at once. */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxInFlightBytes: 64 * 1024 * 1024,
  maxConcurrentRequests: 64,
};

export type RefusalReason = 'in_flight_requests' | 'in_flight_bytes';

export interface Refusal {
  reason: RefusalReason;
  message: string;
}

/** One admitted request's share of the bounds; release it exactly once when the request is done. */
export interface AdmissionTicket {
  /** Reserves `bytes` more for this request; undefined when admitted, else why not. */
  reserve(bytes: number): Refusal | undefined;
  release(): void;
}

function bytesRefusal(limit: number): Refusal {
  return {
    reason: 'in_flight_bytes',
    message: `ingest is busy: requests in flight hold ${limit} bytes of bodies already; retry later`,
  };
}

export class IngestAdmission {
  private bytes = 0;
  private requests = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  get inFlightBytes(): number {
    return this.bytes;
  }

  get inFlightRequests(): number {
    return this.requests;
  }

  /**
   * Admits a request whose body has not been read yet, reserving `declaredBytes` (its
   * Content-Length; 0 for a chunked body, which reserves as it streams). A request is refused
   * only when others hold the bytes: a lone request may always use its declared size (the body
   * limit caps it), so a bound below the body limit cannot starve it forever.
   */
  admit(declaredBytes: number): { ticket: AdmissionTicket } | { refusal: Refusal } {
    const { maxConcurrentRequests, maxInFlightBytes } = this.limits;
    if (this.requests >= maxConcurrentRequests)
      return {
        refusal: {
          reason: 'in_flight_requests',
          message: `ingest is busy: ${maxConcurrentRequests} requests in flight already; retry later`,
        },
      };
    if (this.requests > 0 && this.bytes + declaredBytes > maxInFlightBytes)
      return { refusal: bytesRefusal(maxInFlightBytes) };
    this.requests++;
    this.bytes += declaredBytes;
    let held = declaredBytes;
    let released = false;
    return {
      ticket: {
        reserve: (more) => {
          if (released) throw new Error('admission ticket used after release');
          // Same rule as admit: only bytes other requests hold can push this one over.
          if (this.bytes - held > 0 && this.bytes + more > maxInFlightBytes)
            return bytesRefusal(maxInFlightBytes);
          this.bytes += more;
          held += more;
          return undefined;
        },
        release: () => {
          if (released) return;
          released = true;
          this.bytes -= held;
          this.requests--;
        },
      },
    };
  }
}

/**
 * The uncompressed size a gzip body declares in its trailer (ISIZE, modulo 2^32), or undefined
 * when the body is too short to be gzip. It only estimates: a lying trailer fails zlib's length
 * check after inflation and a multi-member body declares its last member only, but inflation is
 * capped by the body limit, so a request under-counts by at most that limit.
 */
export function gzipDeclaredSize(body: Buffer): number | undefined {
  if (body.length < 18 || body[0] !== 0x1f || body[1] !== 0x8b) return undefined;
  return body.readUInt32LE(body.length - 4);
}

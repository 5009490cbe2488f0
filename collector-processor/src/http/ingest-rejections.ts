/**
 * Refused ingest requests (400, 401, 403, 413, 415, 429, 503…) logged at info with project and
 * reason, so "why is nothing arriving?" has an answer in the log and not only in a counter. A
 * flood of one refusal (a page with a revoked key on every visitor's browser) is one line per
 * (project, status, reason) every 10 s; the lines it held back are counted into the next line, or
 * into a summary once the flood stops.
 */
import type { Logger } from 'pino';
import { Status } from '../otlp/proto';

const WINDOW_MS = 10_000;
/** Distinct (project, status, reason) keys tracked at once; beyond, refusals are only counted. */
const MAX_KEYS = 1000;

export interface Rejection {
  status: number;
  reason: string;
  route: string;
  /** The project id when the key resolved, else a key prefix (`pt_ab…`), else undefined. */
  project: string | undefined;
  origin: string | undefined;
}

interface Window {
  openedAt: number;
  suppressed: number;
  last: Rejection;
}

/** The message of an error body: google.rpc.Status (JSON or protobuf), or `{error}`. */
export function reasonOf(contentType: string | undefined, body: Buffer | string): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (/protobuf/i.test(contentType ?? '') && typeof body !== 'string') {
    try {
      return Status.decode(body).message || '(no message)';
    } catch {
      return '(undecodable status)';
    }
  }
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself.
  }
  return text.slice(0, 300) || '(empty body)';
}

/** Enough of a key to recognise it in a log, never enough to use it. */
export function keyHint(key: string | undefined): string | undefined {
  if (!key) return undefined;
  return `${key.slice(0, Math.min(5, Math.floor(key.length / 3)))}…`;
}

export class RejectionLog {
  private readonly windows = new Map<string, Window>();
  /** Refusals not logged because MAX_KEYS distinct keys were already being tracked. */
  private overflow = 0;
  /** Armed only while windows are open, so an idle processor (or a test's) holds no timer. */
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly windowMs = WINDOW_MS,
  ) {}

  record(r: Rejection): void {
    const key = `${r.project ?? ''}\u0000${r.status}\u0000${r.reason}`;
    const now = this.now();
    const open = this.windows.get(key);
    this.arm();
    if (open && now - open.openedAt < this.windowMs) {
      open.suppressed++;
      open.last = r;
      return;
    }
    if (!open && this.windows.size >= MAX_KEYS) {
      this.endWindows();
      if (this.windows.size >= MAX_KEYS) {
        this.overflow++;
        return;
      }
    }
    // A new window: this line carries the count the previous window held back.
    this.windows.set(key, { openedAt: now, suppressed: 0, last: r });
    this.write(r, open?.suppressed ?? 0, 'ingest request refused');
  }

  /** Summaries for windows that ended with lines held back, and for the uncounted overflow. */
  sweep(): void {
    this.endWindows();
    if (this.overflow > 0) {
      this.log.info(
        { suppressed: this.overflow },
        'ingest requests refused for too many distinct reasons to log each',
      );
      this.overflow = 0;
    }
  }

  /** Forgets ended windows, each with a summary when it held lines back. */
  private endWindows(): void {
    const now = this.now();
    for (const [key, w] of this.windows) {
      if (now - w.openedAt < this.windowMs) continue;
      this.windows.delete(key);
      if (w.suppressed > 0) this.write(w.last, w.suppressed, 'ingest requests refused (summary)');
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sweep();
      if (this.windows.size || this.overflow) this.arm();
    }, this.windowMs);
    this.timer.unref();
  }

  private write(r: Rejection, suppressed: number, message: string): void {
    this.log.info(
      {
        status: r.status,
        reason: r.reason,
        project: r.project,
        route: r.route,
        origin: r.origin,
        ...(suppressed ? { suppressed } : {}),
      },
      suppressed ? `${message} (+${suppressed} more like it in the last ${this.windowMs / 1000} s)` : message,
    );
  }
}

const shared = new WeakMap<Logger, RejectionLog>();

/** One RejectionLog per logger, so the OTLP and Faro routes share one rate limit. */
export function rejectionLogFor(log: Logger): RejectionLog {
  let found = shared.get(log);
  if (!found) shared.set(log, (found = new RejectionLog(log)));
  return found;
}

/**
 * Sessions as Sentry/Faro users expect: a new id after 15 minutes idle or 4 hours in all,
 * persisted in localStorage (never a cookie) so reloads and tabs share it. The visitor id is
 * an anonymous random id in localStorage, rotated by reset(). The identified user is stored with
 * the id of the session it was identified in, so a reload in that session keeps it. Storage
 * failures (Safari private mode, blocked storage) fall back to memory for the page's lifetime.
 */
import { randomHex } from '../core/ids';
import type { Attributes } from '../types';

export interface SessionState {
  id: string;
  previousId?: string;
  startedAt: number;
  lastActiveAt: number;
}

export interface SessionLimits {
  idleTimeoutMs: number;
  maxDurationMs: number;
}

/** Pure: the session to use at `now`, rotating an expired one. */
export function nextSession(
  current: SessionState | undefined,
  now: number,
  limits: SessionLimits,
  newId: () => string,
): { state: SessionState; rotated: boolean } {
  const expired =
    !current ||
    now - current.lastActiveAt > limits.idleTimeoutMs ||
    now - current.startedAt > limits.maxDurationMs;
  if (!expired) return { state: { ...current, lastActiveAt: now }, rotated: false };
  return {
    state: { id: newId(), previousId: current?.id, startedAt: now, lastActiveAt: now },
    rotated: true,
  };
}

/** Pure: deterministic per-session sampling from the id's first 32 bits. */
export function isSampled(sessionId: string, rate: number): boolean {
  if (rate >= 1) return true;
  const n = parseInt(sessionId.slice(0, 8), 16);
  return Number.isFinite(n) && n / 0x100000000 < rate;
}

const SESSION_KEY = 'pulsetrace.session';
const VISITOR_KEY = 'pulsetrace.visitor';
/**
 * Its own key, not a field of the session record: that record is rewritten by every tab every few
 * seconds from its own copy, which would race an identify() in another tab.
 */
const USER_KEY = 'pulsetrace.user';
/** Activity is written back at most this often: localStorage writes are synchronous. */
const WRITE_INTERVAL_MS = 5000;

export interface SessionManager {
  /** The current session, rotated if expired; counts as activity. */
  current(): SessionState;
  visitorId(): string;
  /** user.id and user.* traits identified in session `sessionId`, if any. */
  user(sessionId: string): Attributes | undefined;
  /** Stores the user with the current session; undefined forgets it. */
  setUser(user: Attributes | undefined): void;
  /** New session and visitor, no user (logout). */
  reset(): void;
  /** Forgets stored ids (opt-out). */
  forget(): void;
}

export function createSessionManager(limits: SessionLimits, storage: Storage | undefined): SessionManager {
  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string | null) => {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // memory only
    }
  };
  /** A stored JSON value; null when missing or unreadable. */
  const readJson = (key: string) => {
    try {
      return JSON.parse(read(key) ?? 'null');
    } catch {
      return null;
    }
  };
  let visitor = read(VISITOR_KEY) ?? '';
  let state: SessionState | undefined;
  /** `s`: the session the user `a` was identified in. */
  let user: { s: string; a: Attributes } | undefined = readJson(USER_KEY) ?? undefined;
  const storeUser = (u: typeof user) => {
    user = u;
    write(USER_KEY, u ? JSON.stringify(u) : null);
  };
  let writtenAt = 0;
  let readAt = 0;
  const load = (): SessionState | undefined => {
    const s = readJson(SESSION_KEY) as SessionState | null;
    return s && typeof s.id === 'string' ? s : undefined;
  };

  const manager: SessionManager = {
    current() {
      const now = Date.now();
      const own = state;
      // Another tab may have rotated or extended the session: the stored copy wins when newer.
      // Re-read at most once a second: this runs for every record.
      if (now - readAt > 1000) {
        readAt = now;
        const stored = load();
        if (stored && (!state || stored.lastActiveAt > state.lastActiveAt || stored.id !== state.id))
          state = stored;
      }
      const { state: next, rotated } = nextSession(state, now, limits, () => randomHex(16));
      state = next;
      // A page whose session expires while it is open keeps its user (the app still has it logged
      // in); a stored session found expired on load starts anonymous, its stored user removed.
      // Otherwise the stored user is another tab's to change.
      if (rotated && user && own && user.s === next.previousId) storeUser({ s: next.id, a: user.a });
      else if (rotated && user && !own) storeUser(undefined);
      if (rotated || now - writtenAt > WRITE_INTERVAL_MS) {
        writtenAt = now;
        write(SESSION_KEY, JSON.stringify(state));
      }
      return state;
    },
    visitorId() {
      if (!visitor) write(VISITOR_KEY, (visitor = randomHex(16)));
      return visitor;
    },
    user: (sessionId) => (user?.s === sessionId ? user.a : undefined),
    setUser(a) {
      storeUser(a && { s: manager.current().id, a });
    },
    reset() {
      storeUser(undefined);
      const previousId = state?.id;
      visitor = '';
      const now = Date.now();
      state = { id: randomHex(16), previousId, startedAt: now, lastActiveAt: now };
      writtenAt = now;
      write(SESSION_KEY, JSON.stringify(state));
    },
    forget() {
      storeUser(undefined);
      state = undefined;
      visitor = '';
      write(SESSION_KEY, null);
      write(VISITOR_KEY, null);
    },
  };
  return manager;
}

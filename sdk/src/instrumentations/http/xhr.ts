/**
 * XMLHttpRequest: open/send/setRequestHeader patched on the prototype, one span per send(),
 * ended on loadend (abort/error/timeout name the failure).
 */
import type { SdkContext } from '../../core/context';
import { guard } from '../../core/debug-logger';
import { errorName, startCall, type Call, type Page } from './call';

/** The XMLHttpRequest members the patch uses (a stand-in in tests). */
export interface XhrLike {
  readyState: number;
  status: number;
  addEventListener(type: string, listener: (this: XhrLike, e: { type: string }) => void): void;
}
export interface XhrProto {
  open(this: XhrLike, ...args: unknown[]): void;
  send(this: XhrLike, ...args: unknown[]): void;
  setRequestHeader(this: XhrLike, name: string, value: string): void;
}

interface XhrState {
  method: string;
  url: string;
  /** Header names the app set: setRequestHeader appends, so ours must not duplicate them. */
  names: Set<string>;
  call?: Call;
  failure?: string;
}

const XHR_FAILURES: Record<string, string> = {
  error: 'NetworkError',
  abort: 'AbortError',
  timeout: 'TimeoutError',
};

/** Patches open/send/setRequestHeader on `proto`; returns the restore function. */
export function patchXhr(ctx: SdkContext, proto: XhrProto, page: () => Page): () => void {
  const orig: XhrProto = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
  const { open, send, setRequestHeader } = orig;
  const states = new WeakMap<XhrLike, XhrState>();
  const listening = new WeakSet<XhrLike>();
  let active = true;
  const finish = (xhr: XhrLike, st: XhrState) => {
    const c = st.call;
    st.call = undefined;
    c?.end(
      xhr.readyState === 4 ? xhr.status : 0,
      xhr.readyState === 4 ? st.failure : st.failure || 'AbortError',
    );
  };
  function onEvent(this: XhrLike, e: { type: string }) {
    guard(ctx.debug, 'xhr event', () => {
      const st = states.get(this);
      if (!st?.call) return;
      if (e.type === 'loadend') finish(this, st);
      else st.failure = XHR_FAILURES[e.type];
    });
  }
  const p: XhrProto = {
    open(...args) {
      // open() on a request in flight cancels it without events: end its span here.
      guard(ctx.debug, 'xhr open', () => {
        const st = states.get(this);
        if (st) finish(this, st);
      });
      const r = open.apply(this, args);
      if (active)
        guard(ctx.debug, 'xhr open', () =>
          states.set(this, { method: String(args[0]), url: String(args[1]), names: new Set() }),
        );
      return r;
    },
    setRequestHeader(name, value) {
      guard(ctx.debug, 'xhr header', () => states.get(this)?.names.add(String(name).toLowerCase()));
      return setRequestHeader.call(this, name, value);
    },
    send(...args) {
      let started: XhrState | undefined;
      if (active)
        guard(ctx.debug, 'xhr send', () => {
          const st = states.get(this);
          if (!st || st.call) return; // not opened by us, or a second send() (which throws)
          st.call = startCall(ctx, st.method, st.url, page());
          if (!st.call) return;
          started = st;
          st.failure = undefined;
          for (const k in st.call.headers)
            if (!st.names.has(k)) setRequestHeader.call(this, k, st.call.headers[k]);
          if (!listening.has(this)) {
            listening.add(this);
            for (const t of ['abort', 'error', 'timeout', 'loadend']) this.addEventListener(t, onEvent);
          }
        });
      try {
        const r = send.apply(this, args);
        // Synchronous requests are complete when send() returns.
        if (started?.call && this.readyState === 4)
          guard(ctx.debug, 'xhr sync', () => finish(this, started!));
        return r;
      } catch (err) {
        guard(ctx.debug, 'xhr send', () => {
          started?.call?.end(0, errorName(err));
          if (started) started.call = undefined;
        });
        throw err;
      }
    },
  };
  Object.assign(proto, p);
  return () => {
    active = false;
    // A wrapper installed after ours stays; ours then only calls through.
    for (const k of Object.keys(p) as Array<keyof XhrProto>)
      if (proto[k] === p[k]) Object.assign(proto, { [k]: orig[k] });
  };
}

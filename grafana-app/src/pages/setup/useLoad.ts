/**
 * A promise's value, error and loading flag for a component. `key` names what is loaded (the
 * data source, project, release…): a new key or `reload()` loads again, and an answer for an
 * older key is dropped. The previous value stays shown while the next one loads.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<{ id: string; value?: T; error?: string }>();
  const id = `${key}#${nonce}`;
  // The latest `load` without making it a dependency (callers pass a new closure each render).
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  useEffect(() => {
    let live = true;
    latest.current().then(
      (value) => live && setResult({ id, value }),
      (err: unknown) => live && setResult({ id, error: err instanceof Error ? err.message : String(err) })
    );
    return () => {
      live = false;
    };
  }, [id]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const current = result?.id === id;
  return { value: result?.value, error: current ? result?.error : undefined, loading: !current, reload };
}

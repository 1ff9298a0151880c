import { useCallback, useEffect, useState } from 'react';
import type { ProblemError } from '../../api/client';

export interface Answer<T> {
  data: T | null;
  /** The server's refusal (or a failure to reach it), shown in place of the data. */
  error: ProblemError | Error | null;
  loading: boolean;
  reload(): void;
}

/** Loads `load()` when a dependency changes, and again on `reload()`. */
export function useAnswer<T>(load: () => Promise<T>, deps: readonly unknown[]): Answer<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ProblemError | Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);

  useEffect(() => {
    let current = true;
    setLoading(true);
    run()
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (current) setError(failure instanceof Error ? failure : new Error(String(failure)));
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [run, round]);

  return { data, error, loading, reload: () => setRound((n) => n + 1) };
}

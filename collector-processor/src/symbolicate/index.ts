import type { Logger } from 'pino';
import type { Stage } from '../pipeline/stages';

export interface SymbolicatorOptions {
  /** Maps are stored under `<dataDir>/sourcemaps`. */
  dataDir: string;
  cacheBytes: number;
  log: Logger;
}

export interface Symbolicator {
  stage: Stage;
  close(): Promise<void>;
}

// Placeholder: the symbolication helper replaces this (issue #4).
export function createSymbolicator(_opts: SymbolicatorOptions): Symbolicator {
  return { stage: (rows) => rows, close: async () => {} };
}

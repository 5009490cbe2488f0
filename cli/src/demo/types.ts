/** The demo seeder's public interface (fixed by issue #18's contract: DASH's tests and STACK's compose call it). */

export interface DemoSeedOptions {
  /** Processor base URL, e.g. http://127.0.0.1:4319. */
  url: string;
  /** Creates the project / write token / releases when missing. */
  adminToken: string;
  /** Default 'demo-shop'. */
  projectId?: string;
  /** Default 7: days of diurnal traffic ending at `now`. */
  days?: number;
  /** Default 1 (~ full demo); tests use ~0.05-0.2 for speed. */
  scale?: number;
  /** Default new Date(). */
  now?: Date;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface DemoSeedResult {
  projectId: string;
  /** 'production'. */
  environment: string;
  /** Oldest first, e.g. ['demo-shop@1.4.0','demo-shop@1.5.0','demo-shop@1.6.0']. */
  releases: string[];
  baselineRelease: string;
  /** Regression injected here: slower LCP/INP on /checkout, a new error that groups into one issue, higher error rate. */
  regressedRelease: string;
  routes: string[];
  spansSent: number;
  requests: number;
  rejected: number;
}

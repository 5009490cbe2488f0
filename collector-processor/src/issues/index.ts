import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import type { Logger } from 'pino';
import type { Tokens } from '../http/auth';
import type { ProjectStore } from '../projects/project-store';

export interface IssueRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
}

export interface IssueLifecycleOptions {
  client: ClickHouseClient;
  projects: ProjectStore;
  intervalMs: number;
  log: Logger;
}

export interface IssueLifecycle {
  /** One pass: regressions of resolved issues, wake-ups of ignored ones. */
  runOnce(now?: number): Promise<void>;
  stop(): Promise<void>;
}

// Placeholders: the issues helper replaces these (issue #4).
export function issueRoutes(_deps: IssueRouteDeps) {
  return express.Router();
}
export function releaseRoutes(_deps: IssueRouteDeps) {
  return express.Router();
}
export function startIssueLifecycle(_opts: IssueLifecycleOptions): IssueLifecycle {
  return { runOnce: async () => {}, stop: async () => {} };
}

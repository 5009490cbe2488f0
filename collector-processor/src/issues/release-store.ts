/**
 * Releases (registered through the API, last version wins) and deploys (append-only), plus what
 * the project's errors say about each release (the `issue_releases` aggregates).
 */
import { selectRows as rows, type Row } from '../store/query';
import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import { fromDateTime64, toDateTime64 } from '../store/time';
import { ReleaseOrder, type ReleaseInfo } from './release-order';
import { nextVersion } from './state';

export interface Release {
  projectId: string;
  version: string;
  createdAt: number;
  finalizedAt: number | null;
  ref: string;
  url: string;
  updatedBy: string;
}

export interface Deploy {
  id: string;
  release: string;
  environment: string;
  name: string;
  url: string;
  startedAt: number | null;
  finishedAt: number;
  createdBy: string;
}

/** Bounds on what one request reads; a project with more releases sees the newest by time. */
export const MAX_RELEASES = 10_000;

const msOrNull = (v: unknown) => (v === null || v === undefined ? null : fromDateTime64(v as string));

function releaseOf(r: Row): Release {
  return {
    projectId: String(r.project_id),
    version: String(r.release),
    createdAt: fromDateTime64(r.created_at as string),
    finalizedAt: msOrNull(r.finalized_at),
    ref: String(r.ref ?? ''),
    url: String(r.url ?? ''),
    updatedBy: String(r.updated_by ?? ''),
  };
}

export async function getRelease(client: ClickHouseClient, projectId: string, version: string) {
  const [r] = await rows(
    client,
    'SELECT * FROM releases FINAL WHERE project_id = {project:String} AND release = {release:String} LIMIT 1',
    { project: projectId, release: version },
  );
  return r ? releaseOf(r) : undefined;
}

export async function saveRelease(client: ClickHouseClient, r: Release): Promise<void> {
  await client.insert({
    table: 'releases',
    format: 'JSONEachRow',
    values: [
      {
        project_id: r.projectId,
        release: r.version,
        created_at: toDateTime64(r.createdAt),
        finalized_at: r.finalizedAt === null ? null : toDateTime64(r.finalizedAt),
        ref: r.ref,
        url: r.url,
        updated_by: r.updatedBy,
        version: nextVersion(),
      },
    ],
  });
}

export async function addDeploy(
  client: ClickHouseClient,
  projectId: string,
  d: Omit<Deploy, 'id'>,
): Promise<Deploy> {
  const deploy = { id: crypto.randomUUID(), ...d };
  await client.insert({
    table: 'deploys',
    format: 'JSONEachRow',
    values: [
      {
        project_id: projectId,
        release: d.release,
        id: deploy.id,
        environment: d.environment,
        name: d.name,
        url: d.url,
        started_at: d.startedAt === null ? null : toDateTime64(d.startedAt),
        finished_at: toDateTime64(d.finishedAt),
        created_by: d.createdBy,
      },
    ],
  });
  return deploy;
}

export async function listDeploys(
  client: ClickHouseClient,
  projectId: string,
  version: string,
  limit: number,
) {
  const found = await rows(
    client,
    `SELECT * FROM deploys WHERE project_id = {project:String} AND release = {release:String}
     ORDER BY finished_at DESC, id LIMIT {limit:UInt32}`,
    { project: projectId, release: version, limit },
  );
  return found.map((r): Deploy => ({
    id: String(r.id),
    release: String(r.release),
    environment: String(r.environment),
    name: String(r.name),
    url: String(r.url),
    startedAt: msOrNull(r.started_at),
    finishedAt: fromDateTime64(r.finished_at as string),
    createdBy: String(r.created_by),
  }));
}

/** What the project's errors say about one release. */
export interface ReleaseStats {
  firstEvent: number;
  lastEvent: number;
  events: number;
  issues: number;
  newIssues: number;
}

export interface ProjectReleases {
  registered: Map<string, Release>;
  stats: Map<string, ReleaseStats>;
  deploys: Map<string, number>;
  order: ReleaseOrder;
}

/**
 * Everything the project knows about its releases: registered ones, ones seen in errors, deploy
 * counts. Four small grouped queries over tables keyed by project; used to order releases.
 */
export async function projectReleases(
  client: ClickHouseClient,
  projectId: string,
  { withCounts = false } = {},
): Promise<ProjectReleases> {
  const params = { project: projectId, limit: MAX_RELEASES };
  const [registeredRows, seenRows] = await Promise.all([
    rows(
      client,
      'SELECT * FROM releases FINAL WHERE project_id = {project:String} ORDER BY created_at DESC LIMIT {limit:UInt32}',
      params,
    ),
    rows(
      client,
      `SELECT release, min(first_seen) AS firstEvent, max(last_seen) AS lastEvent, sum(events) AS events,
         uniqExact(fingerprint) AS issues
       FROM issue_releases WHERE project_id = {project:String} AND release != ''
       GROUP BY release ORDER BY lastEvent DESC LIMIT {limit:UInt32}`,
      params,
    ),
  ]);
  const registered = new Map(registeredRows.map((r) => [String(r.release), releaseOf(r)]));
  const stats = new Map<string, ReleaseStats>();
  for (const r of seenRows)
    stats.set(String(r.release), {
      firstEvent: fromDateTime64(r.firstEvent as string),
      lastEvent: fromDateTime64(r.lastEvent as string),
      events: Number(r.events),
      issues: Number(r.issues),
      newIssues: 0,
    });
  const deploys = new Map<string, number>();
  if (withCounts) {
    const [introduced, deployRows] = await Promise.all([
      rows(
        client,
        `SELECT introduced, count() AS n FROM (
           SELECT argMinMerge(first_release) AS introduced FROM issues
           WHERE project_id = {project:String} GROUP BY fingerprint)
         WHERE introduced != '' GROUP BY introduced LIMIT {limit:UInt32}`,
        params,
      ),
      rows(
        client,
        'SELECT release, count() AS n FROM deploys WHERE project_id = {project:String} GROUP BY release LIMIT {limit:UInt32}',
        params,
      ),
    ]);
    for (const r of introduced) {
      const s = stats.get(String(r.introduced));
      if (s) s.newIssues = Number(r.n);
    }
    for (const r of deployRows) deploys.set(String(r.release), Number(r.n));
  }
  const known = new Map<string, ReleaseInfo>();
  for (const [version, r] of registered) known.set(version, { version, createdAt: r.createdAt });
  for (const [version, s] of stats)
    known.set(version, { ...(known.get(version) ?? { version }), firstSeen: s.firstEvent });
  return { registered, stats, deploys, order: new ReleaseOrder(known) };
}

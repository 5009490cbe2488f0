/**
 * The enrich stage (issue #4): geo from an offline GeoIP database, user agent and bot flag,
 * cookieless visitor hash. The client IP is read here and dropped: it reaches no row. See the
 * "Enrichment" section of docs/privacy.md.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { copyRow } from '../pipeline/copy-row';
import type { Stage } from '../pipeline/stages';
import { LIMITS } from '../pipeline/map/values';
import type { Store } from '../store/clickhouse';
import { SIGNAL_TABLES, type CommonRow, type RumRows } from '../store/rows';
import { openGeo, type GeoLookup } from './geo';
import { IP_ATTRIBUTE_KEYS, normaliseIp } from './ip';
import { enrichRow, newMemo, type EnrichTools, type RequestFacts } from './row';
import { VisitorSalts } from './salts';
import { cachedUserAgentParser, isForwarderUserAgent } from './user-agent';
import { utcDay } from './visitor';

export interface EnricherOptions {
  client: ClickHouseClient;
  /** A user-provided MaxMind-format database; else the bundled country database. */
  geoipMmdb?: string;
  log: Logger;
  /** Clock for the visitor salts (tests move it across days); default Date.now. */
  now?: () => number;
  /** How often salts are re-read, created and pruned; default 60 s. */
  saltRefreshMs?: number;
  /** Store.cluster: the salts' cleanup mutation runs ON CLUSTER on `visitor_salts_local`. */
  cluster?: Store['cluster'];
}

export interface Enricher {
  stage: Stage;
  close(): Promise<void>;
  /** The GeoIP database in use. */
  geo: GeoLookup;
  /** Re-reads (and creates, prunes) the salts now instead of at the next interval. */
  refreshSalts(): Promise<void>;
  /** The salt in memory for a UTC day ("YYYY-MM-DD"), if any. */
  saltFor(day: string): string | undefined;
}

export async function openEnricher(opts: EnricherOptions): Promise<Enricher> {
  const geo = await openGeo(opts.geoipMmdb);
  opts.log.info(
    {
      geoip: geo.file,
      databaseType: geo.databaseType,
      buildEpoch: geo.buildEpoch.toISOString(),
      bundled: opts.geoipMmdb === undefined,
    },
    'GeoIP database opened',
  );
  const salts = new VisitorSalts({
    client: opts.client,
    log: opts.log,
    now: opts.now,
    cluster: opts.cluster,
  });
  // Before traffic, so the first requests already get hashes; a failure is logged, not fatal.
  await salts.refresh();
  salts.start(opts.saltRefreshMs ?? 60_000);

  const tools: EnrichTools = { parseUserAgent: cachedUserAgentParser(), geo: (ip) => geo.lookup(ip) };
  const stage: Stage = (rows, ctx) => {
    const header = ctx.client.userAgent ?? '';
    const req: RequestFacts = {
      senderIp: normaliseIp(ctx.client.ip),
      headerUserAgent: isForwarderUserAgent(header) ? '' : header.slice(0, LIMITS.attributeValue),
      salt: salts.saltFor(utcDay(ctx.receivedAtMs)),
      geoRegion: ctx.project.settings.geoRegion,
    };
    const memo = newMemo();
    // Copy, never mutate (pipeline/stages.ts): every row gets enriched values, so every row is
    // copied; its attributes only when an IP attribute is taken out of them.
    const out: RumRows = { ...rows };
    for (const table of SIGNAL_TABLES) {
      (out[table] as CommonRow[]) = (rows[table] as CommonRow[]).map((row) => {
        const copy = copyRow(table, row);
        if (IP_ATTRIBUTE_KEYS.some((key) => row.attributes[key] !== undefined))
          copy.attributes = { ...row.attributes };
        enrichRow(copy, req, tools, memo);
        return copy;
      });
    }
    return out;
  };

  return {
    stage,
    geo,
    refreshSalts: () => salts.refresh(),
    saltFor: (day) => salts.saltFor(day),
    close: () => salts.stop(),
  };
}

/** `sourcemaps upload`: sends a scanned directory to the processor in size-bounded requests. */
import fs from 'node:fs/promises';
import { CliError, releasePath, request, type Connection } from '../api';
import { createProgress } from '../progress';
import { planBatches, type UploadFile } from './batches';
import { formatBytes } from './pairing';
import type { Scan } from './scan';

/** The processor's answer to one upload request. */
export interface UploadResponse {
  release: string;
  files: Array<{ name: string; kind: string; debugId?: string | null; bytes: number; sha256: string }>;
  matched: Array<{ source: string; sourcemap: string }>;
  unmatched: string[];
}

export interface UploadOptions {
  conn: Connection;
  project: string;
  release: string;
  urlPrefix: string;
  dist?: string;
  batchBytes: number;
  dryRun: boolean;
  /** Progress and per-request lines; stdout stays for the summary. */
  stderr?: NodeJS.WriteStream;
}

export interface UploadOutcome {
  files: number;
  bytes: number;
  requests: number;
  tooLarge: string[];
  /** Summed over the requests; undefined in a dry run. */
  server?: { stored: number; matched: number; unmatched: string[] };
}

type Part = UploadFile & { abs: string };

/** Every JS file and map goes up; a JS file and its map travel in the same request. */
export function uploadUnits(scan: Scan): Part[][] {
  const part = (f: { rel: string; abs: string; bytes: number }): Part => ({
    name: f.rel,
    abs: f.abs,
    bytes: f.bytes,
  });
  const p = scan.pairing;
  return [
    ...p.pairs.map(({ source, sourcemap }) => [part(source), part(sourcemap)]),
    ...p.jsWithoutMap.map((f) => [part(f)]),
    ...p.jsWithInlineMap.map((f) => [part(f)]),
    ...p.mapsWithoutJs.map((m) => [part(m)]),
  ];
}

export async function uploadScan(scan: Scan, o: UploadOptions): Promise<UploadOutcome> {
  const { batches, tooLarge } = planBatches(uploadUnits(scan), o.batchBytes);
  const files = batches.flat();
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const outcome: UploadOutcome = {
    files: files.length,
    bytes,
    requests: batches.length,
    tooLarge: tooLarge.map((f) => `${f.name} (${formatBytes(f.bytes)})`),
  };
  if (o.dryRun || !batches.length) return outcome;
  const path = releasePath(o.project, o.release, 'sourcemaps');
  const progress = createProgress(bytes, batches.length, o.stderr);
  const server = { stored: 0, matched: 0, unmatched: [] as string[] };
  try {
    for (const batch of batches) {
      const form = new FormData();
      form.append('urlPrefix', o.urlPrefix);
      if (o.dist) form.append('dist', o.dist);
      for (const f of batch) form.append('file', new Blob([await fs.readFile(f.abs)]), f.name);
      const res = await request<UploadResponse>(o.conn, 'POST', path, { scope: 'write', form });
      server.stored += res?.files?.length ?? 0;
      server.matched += res?.matched?.length ?? 0;
      server.unmatched.push(...(res?.unmatched ?? []));
      progress.advance(
        batch.reduce((n, f) => n + f.bytes, 0),
        batch.length,
      );
    }
  } catch (err) {
    progress.stop();
    if (err instanceof CliError && server.stored)
      err.message += `\n(${server.stored} file(s) in earlier requests were accepted; re-run the upload to send the rest)`;
    throw err;
  }
  progress.stop();
  return { ...outcome, server };
}

/**
 * What `npm run dashboards:generate` writes: each dashboard's JSON, formatted by the repo's
 * prettier (its settings, its JSON printer) so the committed files pass `prettier --check` and the
 * staleness test compares text. Prettier runs as a child process: its JSON printer loads with a
 * dynamic import that jest's module system refuses.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DASHBOARDS } from './index';

export const GENERATED_DIR = path.resolve(__dirname, '..', 'generated');
const ROOT = path.resolve(__dirname, '..', '..');

/** The dashboard as Grafana's JSON model (what the provisioning provider loads). */
export function dashboardJson(slug: string): Record<string, unknown> {
  const build = DASHBOARDS[slug];
  if (!build) throw new Error(`no dashboard "${slug}": the slugs are ${Object.keys(DASHBOARDS).join(', ')}`);
  return build().build() as unknown as Record<string, unknown>;
}

/** Formats `files` (name → text) with the repo's prettier and its .prettierrc.json, in one run. */
function prettierFormat(files: Record<string, string>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-dashboards-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const bin = require.resolve('prettier/bin/prettier.cjs', { paths: [ROOT] });
    const config = path.join(ROOT, '.prettierrc.json');
    const run = spawnSync(process.execPath, [bin, '--config', config, '--write', '--log-level=warn', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`prettier failed (exit ${run.status}): ${run.stderr}`);
    return Object.fromEntries(
      Object.keys(files).map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** File name (`<slug>.json`) → its text. */
export function generate(): Record<string, string> {
  const raw = Object.fromEntries(
    Object.keys(DASHBOARDS).map((slug) => [`${slug}.json`, JSON.stringify(dashboardJson(slug))]),
  );
  return prettierFormat(raw);
}

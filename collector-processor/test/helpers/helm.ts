import { execFile, spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CHART_DIR = path.join(REPO_ROOT, 'deploy/helm/pulsetrace');
const ENSURE_TOOLS = path.join(REPO_ROOT, 'scripts/ensure-tools.mjs');

/** The JSON summary pulsetrace-helm-check prints (deploy/helm/check/main.go `Summary`). */
export interface HelmCheckSummary {
  ok: boolean;
  renderError?: string;
  kinds: Record<string, number>;
  objects: { kind: string; apiVersion: string; name: string; source: string }[];
  problems: string[];
  configMaps: Record<string, Record<string, string>>;
  manifests?: string;
}

/**
 * A tool's path from scripts/ensure-tools.mjs (a child process: CommonJS jest cannot import the ESM
 * script). `npm test` runs `ensure-tools all` before jest, so this only finds the cached binary; a
 * missing Go toolchain or a broken build fails the test with the build's output.
 */
export function ensureTool(tool: 'helmcheck' | 'otelcol'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENSURE_TOOLS, tool], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const bin = stdout.trim().split('\n').pop();
      if (code === 0 && bin) resolve(bin);
      else
        reject(
          new Error(
            `ensure-tools ${tool} failed (exit ${code}); run \`node scripts/ensure-tools.mjs ${tool}\`:\n${stderr}`,
          ),
        );
    });
  });
}

/** Renders the chart (or a copy: opts.chartDir) with values files relative to it; returns the summary. */
export function helmCheck(
  bin: string,
  valuesFiles: string[],
  opts: { external?: string[]; manifests?: boolean; namespace?: string; chartDir?: string } = {},
): Promise<{ exitCode: number; summary: HelmCheckSummary }> {
  const chartDir = opts.chartDir ?? CHART_DIR;
  const args = ['--chart', chartDir, '--namespace', opts.namespace ?? 'observability'];
  for (const f of valuesFiles) args.push('-f', path.resolve(chartDir, f));
  for (const e of opts.external ?? []) args.push('--external', e);
  if (opts.manifests) args.push('--manifests');
  return new Promise((resolve, reject) => {
    execFile(bin, args, { maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const exitCode = err ? Number((err as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0;
      if (exitCode > 1) return reject(new Error(`pulsetrace-helm-check exited ${exitCode}: ${stderr}`));
      try {
        resolve({ exitCode, summary: JSON.parse(stdout) as HelmCheckSummary });
      } catch {
        reject(new Error(`pulsetrace-helm-check printed no JSON (exit ${exitCode}): ${stderr}`));
      }
    });
  });
}

/** Component ids a collector config uses, as `kind:type` (the part before any `/name`). */
export function usedComponentTypes(cfg: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const kind of ['receivers', 'processors', 'exporters', 'extensions', 'connectors']) {
    const section = (cfg[kind] ?? {}) as Record<string, unknown>;
    for (const id of Object.keys(section)) out.add(`${kind}:${id.split('/')[0]}`);
  }
  return [...out].sort();
}

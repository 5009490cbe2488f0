/**
 * A real Prometheus (Debian's /usr/bin/prometheus) scraping a test processor: the compose stack's
 * deploy/prometheus/prometheus.yml with its one target rewritten to the processor and the scrape
 * interval cut to 1 s, a temp TSDB, a free loopback port. A missing binary fails with what to install.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from '../../../collector-processor/test/helpers/processor';

const CONFIG = path.resolve(__dirname, '../../../deploy/prometheus/prometheus.yml');

export function prometheusBinary(): string {
  const found = spawnSync('bash', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error(
      'prometheus is needed for this test: run scripts/install-system-deps.sh as root (apt-get install prometheus)',
    );
  }
  return found;
}

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs: Array<{ targets: string[] }>;
}

/** The stack's config, scraping `target` (host:port) every second. */
export function testConfig(target: string): string {
  const config = parse(fs.readFileSync(CONFIG, 'utf8')) as {
    global: Record<string, string>;
    scrape_configs: ScrapeConfig[];
  };
  const job = config.scrape_configs.find((j) => j.job_name === 'pulsetrace-processor');
  if (!job) throw new Error(`${CONFIG} has no pulsetrace-processor job`);
  config.global.scrape_interval = '1s';
  config.global.evaluation_interval = '1s';
  delete job.scrape_interval;
  job.static_configs = [{ targets: [target] }];
  return stringify(config);
}

export interface RunningPrometheus {
  url: string;
  /** PromQL `expr` over [from, to] (epoch ms) at a 1 s step: the result's series. */
  queryRange(
    expr: string,
    from: number,
    to: number,
  ): Promise<Array<{ metric: Record<string, string>; values: Array<[number, string]> }>>;
  output(): string;
  stop(): Promise<void>;
}

export async function startPrometheus(target: string): Promise<RunningPrometheus> {
  const bin = prometheusBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-prom-'));
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), testConfig(target));
  const port = await freePort();
  const child = spawn(
    bin,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready after 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async queryRange(expr, from, to) {
      const q = new URLSearchParams({
        query: expr,
        start: String(from / 1000),
        end: String(to / 1000),
        step: '1',
      });
      const res = await fetch(`${url}/api/v1/query_range?${q}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: never[] } };
      if (body.status !== 'success') throw new Error(`PromQL ${expr} failed: ${body.error}`);
      return body.data!.result;
    },
    output: () => output,
    stop,
  };
}

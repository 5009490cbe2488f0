/**
 * A real Prometheus Alertmanager for the delivery end-to-end test: Debian's binary (found by
 * scripts/ensure-tools.mjs alertmanager; a missing one fails the test with what to install), a
 * config whose only route goes to a webhook served by the test, short group timings, a temp
 * storage path, a free loopback port, clustering off.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processor';

const REPO_ROOT = path.resolve(__dirname, '../../..');

export function alertmanagerBinary(): string {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/ensure-tools.mjs'), 'alertmanager'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`Alertmanager is needed for this test and was not found:\n${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!;
}

export interface RunningAlertmanager {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  const bin = alertmanagerBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-am-'));
  const config = path.join(dir, 'alertmanager.yml');
  fs.writeFileSync(
    config,
    [
      'global:',
      '  resolve_timeout: 5s',
      'route:',
      '  receiver: test',
      "  group_by: ['alertname', 'project']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: test',
      '    webhook_configs:',
      `      - url: ${webhookUrl}`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=debug',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`alertmanager not ready after 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

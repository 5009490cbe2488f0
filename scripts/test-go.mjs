// The data source's Go backend tests (grafana-datasource/pkg), started in the background: they
// build the plugin binary and start a real processor, and run beside the plugins' jest runs (which
// leave a core idle most of the time) instead of after them. Output goes to files, not pipes: the
// plugin jests run with spawnSync, which blocks the event loop that would drain a pipe.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Starts `go test -json ./...`; the promise gives { passed, failed, output } when it ends. */
export function startGoTest(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulsetrace-go-test-'));
  const outPath = path.join(dir, 'stdout.json');
  const errPath = path.join(dir, 'stderr.txt');
  const out = fs.openSync(outPath, 'w');
  const err = fs.openSync(errPath, 'w');
  const started = Date.now();
  const child = spawn('go', ['test', '-json', '-count=1', './...'], {
    cwd: path.join(root, 'grafana-datasource'),
    stdio: ['ignore', out, err],
  });
  fs.closeSync(out);
  fs.closeSync(err);
  return new Promise((resolve) => {
    let spawnError;
    child.on('error', (e) => (spawnError = e));
    child.on('close', (status) => {
      let passed = 0;
      let failed = 0;
      let output = '';
      for (const line of fs.readFileSync(outPath, 'utf8').split('\n')) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line);
        if (event.Output) output += event.Output;
        if (event.Test && event.Action === 'pass') passed++;
        if (event.Test && event.Action === 'fail') failed++;
      }
      output += fs.readFileSync(errPath, 'utf8');
      if (spawnError) output += `! go test could not run (${spawnError.message}): install Go 1.26+\n`;
      // A build failure or a crash fails no named test: count it as one failure.
      if (status !== 0 && failed === 0) failed = 1;
      output += `(go test: ${((Date.now() - started) / 1000).toFixed(0)} s)\n`;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ passed, failed, output });
    });
  });
}

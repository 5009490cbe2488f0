// The checks `npm test` runs before jest, two at a time: most of them (tsc, eslint, webpack, go build)
// keep one core busy, and on a 2-core machine running them one after another left the other idle
// for ~8 minutes. A step's output is held and printed whole when it ends, so two steps never
// interleave; `after` names a step that must have passed first (an archive check needs its build).
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `steps` ({ name, command, args, env?, after? }) with at most `parallel` at once; returns
 * { passed, failed, results: Map<name, boolean> }. A step whose `after` failed is not run and counts
 * as failed, with a line saying so.
 */
export async function runSteps(steps, { cwd, parallel = 2, write = (s) => process.stdout.write(s) }) {
  const results = new Map();
  const pending = [...steps];
  let passed = 0;
  let failed = 0;
  const runOne = (step) =>
    new Promise((resolve) => {
      const started = Date.now();
      write(`> ${step.name}: started\n`);
      const child = spawn(step.command, step.args, {
        cwd,
        env: { ...process.env, ...(step.env ?? {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const chunks = [];
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
      let finished = false;
      // A command that cannot start emits 'error' and then 'close': report it once.
      const finish = (code, why) => {
        if (finished) return;
        finished = true;
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        write(`\n> ${step.name}: ${step.command} ${step.args.join(' ')} (${seconds} s)\n`);
        write(Buffer.concat(chunks).toString('utf8'));
        const ok = code === 0;
        if (!ok) write(`! ${step.name} failed (${why})\n`);
        resolve(ok);
      };
      child.on('error', (err) => finish(1, err.message));
      child.on('close', (code, signal) => finish(code, `exit ${code ?? signal}`));
    });

  const ready = () => pending.findIndex((s) => !s.after || results.has(s.after));
  const lanes = Array.from({ length: parallel }, async () => {
    for (;;) {
      const i = ready();
      if (i < 0) {
        if (pending.length === 0) return;
        // Everything left waits on a running step: look again shortly.
        await sleep(200);
        continue;
      }
      const [step] = pending.splice(i, 1);
      let ok;
      if (step.after && !results.get(step.after)) {
        write(`! ${step.name} not run: ${step.after} failed\n`);
        ok = false;
      } else ok = await runOne(step);
      results.set(step.name, ok);
      if (ok) passed++;
      else failed++;
    }
  });
  await Promise.all(lanes);
  return { passed, failed, results };
}

/**
 * A real OpenAI-compatible server for the narrative tests: llama.cpp (cyllama) serving
 * SmolLM2-135M-Instruct, both from PyPI, installed and cached by `scripts/ensure-tools.mjs llm`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { freePort, until } from './processor';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ENSURE_TOOLS = path.join(REPO_ROOT, 'scripts/ensure-tools.mjs');

/** Budget for a cold install (two wheels, about 110 MB) in beforeAll. */
export const LLM_INSTALL_TIMEOUT_MS = 5 * 60_000;

/** Path of the `llm-server` launcher; installs it on first use (progress on stderr). */
export function ensureLlmServerBin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENSURE_TOOLS, 'llm'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000);
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const bin = stdout.trim().split('\n').pop();
      if (code === 0 && bin) resolve(bin);
      else reject(new Error(`ensure-tools llm failed (exit ${code}):\n${stderr}`));
    });
  });
}

export interface LlmServer {
  /** `http://127.0.0.1:N/v1`, what PULSETRACE_LLM_BASE_URL takes. */
  baseUrl: string;
  /** The server's own output (model loading, requests), for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port and waits until /health answers (model loaded). */
export async function startLlmServer(bin: string): Promise<LlmServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    ['--host', '127.0.0.1', '--port', String(port), '--ctx-size', '4096'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`llm-server exited with ${child.exitCode}:\n${output}`);
        return fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      60_000,
      'llm-server /health',
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    baseUrl: `${base}/v1`,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

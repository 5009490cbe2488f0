/**
 * What a person sees at `npm start`: the real entry point as a child process. The printed curl
 * lines are run through a shell as pasted (they must work), a token set in the environment is
 * never printed, and a port in use is one line naming PULSETRACE_PORT, exit 1, no stack.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, PROCESSOR_NODE_FLAGS, tempDataDir, until } from './helpers/processor';

jest.setTimeout(180_000);

const REPO_ROOT = path.resolve(__dirname, '../..');

interface Started {
  stderr: () => string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function start(port: number, env: Record<string, string | undefined>): Started {
  const base = { ...process.env };
  delete base.PULSETRACE_ADMIN_TOKEN;
  delete base.PULSETRACE_READ_TOKEN;
  const dataDir = tempDataDir();
  const child = spawn(
    process.execPath,
    [...PROCESSOR_NODE_FLAGS, '--import', 'tsx', 'collector-processor/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: {
        ...base,
        PULSETRACE_PORT: String(port),
        PULSETRACE_DATA_DIR: dataDir,
        PULSETRACE_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function welcome(started: Started): Promise<string> {
  let exited = false;
  void started.exited.then(() => (exited = true));
  await until(() => exited || started.stderr().includes('Metrics http'), 90_000, 'the welcome text');
  if (exited) throw new Error(`the processor exited:\n${started.stderr()}`);
  return started.stderr();
}

/** The printed command after `label`, run by a shell as a person would paste it. */
function runPrinted(text: string, label: RegExp, env: Record<string, string> = {}): unknown {
  const line = text.split('\n').find((l) => label.test(l));
  const command = line?.slice(line.indexOf('curl '), line.lastIndexOf("'") + 1);
  if (!command) throw new Error(`no command after ${label} in:\n${text}`);
  return JSON.parse(
    execFileSync('sh', ['-c', command], { env: { ...process.env, ...env }, encoding: 'utf8' }),
  );
}

it('with a generated admin token: the printed curl carries it and works, and says how to connect Grafana', async () => {
  const port = await freePort();
  const started = start(port, { PULSETRACE_HOST: '0.0.0.0' });
  try {
    const text = await welcome(started);
    const token = /Admin token\s+(pt_admin_\S+)/.exec(text)?.[1];
    expect(token).toBeDefined();
    const project = runPrinted(text, /Create a project/) as { id: string; name: string };
    expect(project.name).toBe('my-app');
    expect(text).toContain(
      `URL http://localhost:${port}  (Grafana in Docker: http://host.docker.internal:${port})`,
    );
    // The read-token command makes a token Grafana can query with.
    const made = runPrinted(text, /Read token: make one with curl/) as { token: string; scope: string };
    expect(made.scope).toBe('read');
    const whoami = await fetch(`http://127.0.0.1:${port}/api/v1/whoami`, {
      headers: { authorization: `Bearer ${made.token}` },
    });
    expect(whoami.status).toBe(200);
  } finally {
    await started.stop();
  }
});

it('with tokens from the environment: never printed, referred to by name, and the curl works with them', async () => {
  const port = await freePort();
  const secret = 'pt_admin_user_chosen_secret_1234';
  const started = start(port, {
    PULSETRACE_HOST: '127.0.0.1',
    PULSETRACE_ADMIN_TOKEN: secret,
    PULSETRACE_READ_TOKEN: 'read_token_user_chosen_5678',
  });
  try {
    const text = await welcome(started);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('read_token_user_chosen_5678');
    expect(text).toContain('Bearer $PULSETRACE_ADMIN_TOKEN');
    expect(text).toContain('Read token: the value of PULSETRACE_READ_TOKEN');
    expect(text).toContain(`URL http://127.0.0.1:${port}\n`);
    const project = runPrinted(text, /Create a project/, { PULSETRACE_ADMIN_TOKEN: secret }) as {
      name: string;
    };
    expect(project.name).toBe('my-app');
  } finally {
    await started.stop();
  }
});

it('a port in use: one line naming the port and PULSETRACE_PORT, exit 1, no stack trace', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  const started = start(port, { PULSETRACE_HOST: '127.0.0.1', PULSETRACE_ADMIN_TOKEN: 'x'.repeat(20) });
  try {
    expect(await started.exited).toBe(1);
    const text = started.stderr().trim();
    expect(text).toBe(
      `pulsetrace-processor cannot listen on 127.0.0.1:${port}: the port is in use (another processor still running?). Stop that program, or set PULSETRACE_PORT to a free port.`,
    );
  } finally {
    blocker.close();
    await started.stop();
  }
});

#!/usr/bin/env node
// First: configures chDB's allocator before anything loads chDB.
import './store/embedded-allocator';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { startProcessor } from './processor';
import { listenProblem, welcomeText } from './welcome';

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'pulsetrace-processor' } });
  const processor = await startProcessor(config, log).catch((err: unknown) => {
    const problem = listenProblem(err, config);
    // A port in use is the user's to fix: one line saying how, no stack trace.
    if (problem) throw new ConfigError(problem);
    throw err;
  });
  log.info(
    { port: processor.port, store: processor.store.mode, dataDir: config.dataDir },
    'pulsetrace-processor started',
  );
  // A human-readable welcome on stderr so it does not mix with JSON logs on stdout.
  process.stderr.write(welcomeText(config, { port: processor.port, storeMode: processor.store.mode }) + '\n');
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1);
    log.info({ signal }, 'shutting down: draining the WAL into ClickHouse');
    processor.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `pulsetrace-processor failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
  }
  process.exit(1);
});

#!/usr/bin/env node
// First: configures chDB's allocator before anything loads chDB.
import './store/embedded-allocator';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/config';
import { startProcessor } from './processor';

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { service: 'pulsetrace-processor' } });
  const processor = await startProcessor(config, log);
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const base = `http://${host}:${processor.port}`;
  log.info(
    { port: processor.port, store: processor.store.mode, dataDir: config.dataDir },
    'pulsetrace-processor started',
  );
  // A human-readable welcome on stderr so it does not mix with JSON logs on stdout.
  process.stderr.write(
    [
      '',
      `PulseTrace processor is listening on ${base} (ClickHouse: ${processor.store.mode === 'embedded' ? `embedded, data in ${config.dataDir}` : config.clickhouse.url})`,
      `  Send OTLP/HTTP to   ${base}/v1/traces and ${base}/v1/logs  (header x-pulsetrace-key: <project ingest key>)`,
      `  Create a project    curl -s -X POST ${base}/api/v1/projects -H 'authorization: Bearer <admin token>' -H 'content-type: application/json' -d '{"name":"my-app","allowedOrigins":["http://localhost:3000"]}'`,
      config.adminTokenGenerated
        ? `  Admin token (generated for this run; set PULSETRACE_ADMIN_TOKEN to keep one): ${config.adminToken}`
        : '  Admin token: the value of PULSETRACE_ADMIN_TOKEN',
      `  Grafana: see README "Connect Grafana"`,
      `  Health ${base}/healthz  Readiness ${base}/readyz  Metrics ${base}/metrics`,
      '',
    ].join('\n') + '\n',
  );
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

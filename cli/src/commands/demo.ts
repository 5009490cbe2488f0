/**
 * `pulsetrace demo seed`: fills a processor with a demo shop's traffic (src/demo/seed.ts) and says
 * what to open in Grafana. The seeder builds its app with esbuild and reuses the repository's
 * traffic generator (bench/insights), so it runs from a checkout (`npm run demo`), not from the
 * published package: it is loaded by a path the package build does not follow, and a clear error
 * says so when it is missing.
 */
import { Option, type Command } from 'commander';
import { CliError } from '../api';
import type { DemoSeedOptions, DemoSeedResult } from '../demo/types';
import { createStepProgress } from '../progress';
import { print } from '../output';

export const DEMO_DEFAULT_URL = 'http://127.0.0.1:4319';

interface SeedOpts {
  url: string;
  adminToken?: string;
  project: string;
  days: string;
  scale: string;
  now?: string;
  grafana: string;
}

type SeedFn = (o: DemoSeedOptions) => Promise<DemoSeedResult>;

function loadSeeder(): SeedFn {
  // A variable, so `tsc -p tsconfig.build.json` leaves the repository-only module out of dist/.
  const spec = '../demo/seed';
  try {
    // require, not import(): the CLI runs as CommonJS (tsx's require hook in the repository, dist/
    // when installed), where a dynamic import() would need the file extension.
    return (module.require(spec) as { seedDemo: SeedFn }).seedDemo;
  } catch (err) {
    throw new CliError(
      `demo seed runs from a PulseTrace checkout (it builds the demo app with esbuild and uses the repository's traffic generator): run \`npm run demo\` there (${(err as Error).message.split('\n')[0]})`,
    );
  }
}

function number(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= min || n > max)
    throw new CliError(`--${name} must be a number in (${min}, ${max}], got "${text}"`, 2);
  return n;
}

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('demo data for trying PulseTrace');
  demo
    .command('seed')
    .description(
      'send days of a demo shop’s traffic (releases with source maps, errors, one regressed release) to a processor; safe to rerun',
    )
    .addOption(new Option('--url <url>', 'processor URL').env('PULSETRACE_URL').default(DEMO_DEFAULT_URL))
    .addOption(
      new Option('--admin-token <token>', 'the processor’s admin token').env('PULSETRACE_ADMIN_TOKEN'),
    )
    .option('--project <name>', 'project name (or id) to fill; created when missing', 'demo-shop')
    .option('--days <n>', 'days of traffic ending now (≤ 30)', '7')
    .option('--scale <x>', 'traffic multiplier (1 ≈ 14,000 sessions a week)', '1')
    .option('--now <iso>', 'end of the traffic instead of the current time (reproducible runs)')
    .addOption(
      new Option('--grafana <url>', 'Grafana URL for the links printed at the end')
        .env('GRAFANA_URL')
        .default('http://localhost:3000'),
    )
    .action(async (o: SeedOpts) => {
      if (!o.adminToken)
        throw new CliError(
          'no admin token: pass --admin-token or set PULSETRACE_ADMIN_TOKEN (npm start prints it)',
          2,
        );
      const days = number('days', o.days, 0, 30);
      const scale = number('scale', o.scale, 0, 20);
      const now = o.now === undefined ? new Date() : new Date(o.now);
      if (Number.isNaN(now.getTime()))
        throw new CliError(
          `--now must be an ISO 8601 date-time, e.g. 2026-12-07T15:00:00Z, got "${o.now}"`,
          2,
        );
      const seedDemo = loadSeeder();
      const progress = createStepProgress();
      const started = Date.now();
      let r: DemoSeedResult;
      try {
        r = await seedDemo({
          url: o.url,
          adminToken: o.adminToken,
          projectId: o.project,
          days,
          scale,
          now,
          onProgress: (p) =>
            progress.update(
              p.phase === 'setup' ? 'releases and source maps' : 'traffic (hours)',
              p.done,
              p.total,
            ),
        });
      } catch (err) {
        throw new CliError(`demo seed failed: ${(err as Error).message}`);
      } finally {
        progress.stop();
      }
      const g = o.grafana.replace(/\/+$/, '');
      // Grafana reads dashboard variables from var-<name> (dashboards/src/common.ts names them).
      const vars = (v: Record<string, string>) =>
        new URLSearchParams(Object.entries(v).map(([k, x]): [string, string] => [`var-${k}`, x])).toString();
      print(
        [
          `seeded project ${o.project} (id ${r.projectId}, environment ${r.environment}) at ${o.url}`,
          `  ${r.spansSent} spans in ${r.requests} requests (${r.rejected} rejected) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          `  releases ${r.releases.join(', ')}; ${r.regressedRelease} regressed /checkout (LCP, INP, a new error)`,
          '',
          'open in Grafana:',
          `  ${g}/d/pulsetrace-frontend-overview?${vars({ project: r.projectId })}`,
          `  ${g}/d/pulsetrace-release-comparison?${vars({ project: r.projectId, base: r.baselineRelease, target: r.regressedRelease })}`,
          `  ${g}/d/pulsetrace-errors-issues?${vars({ project: r.projectId })}`,
          'rerunning is safe: hours already sent are stored once.',
        ].join('\n'),
      );
    });
}

/**
 * `pulsetrace loadtest --url --token --rate --duration`: SDK-shaped OTLP traffic against a
 * deployment (a processor, or a collector in front of one) at a bounded rate for a bounded time;
 * a progress line on stderr, the report on stdout, exit 1 when more than --max-reject of the
 * requests were refused or failed.
 */
import { Option, type Command } from 'commander';
import { CliError } from '../api';
import { formatReport, runLoadtest } from '../loadtest/run';
import { print } from '../output';
import { DEFAULT_URL } from './options';

interface LoadtestOpts {
  url: string;
  token?: string;
  rate: string;
  duration: string;
  spansPerRequest: string;
  concurrency: string;
  maxReject: string;
  json?: boolean;
}

function bounded(name: string, text: string, min: number, max: number, integer = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new CliError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${text}"`,
      2,
    );
  return n;
}

export function registerLoadtest(program: Command): void {
  program
    .command('loadtest')
    .description('send SDK-shaped OTLP traffic at a fixed rate and report acknowledged / rejected / latency')
    .addOption(
      new Option('--url <url>', 'processor or collector base URL (POSTs to <url>/v1/traces)')
        .env('PULSETRACE_URL')
        .default(DEFAULT_URL),
    )
    .addOption(new Option('--token <key>', 'the project’s ingest key (pt_…)').env('PULSETRACE_INGEST_KEY'))
    .requiredOption('--rate <req/s>', 'requests per second to start')
    .requiredOption('--duration <s>', 'seconds to run')
    .option('--spans-per-request <n>', 'spans in each request (one page view, the rest HTTP calls)', '20')
    .option('--concurrency <n>', 'most requests in flight at once', '32')
    .option(
      '--max-reject <ratio>',
      'exit 1 when more than this share of requests is refused or fails',
      '0.01',
    )
    .option('--json', 'print the report as JSON')
    .action(async (o: LoadtestOpts) => {
      if (!o.token)
        throw new CliError(
          'no ingest key: pass --token pt_… or set PULSETRACE_INGEST_KEY (`pulsetrace projects list --json` shows the keys)',
          2,
        );
      const opts = {
        url: o.url,
        token: o.token,
        rate: bounded('rate', o.rate, 0.1, 100_000),
        durationSec: bounded('duration', o.duration, 0.1, 86_400),
        spansPerRequest: bounded('spans-per-request', o.spansPerRequest, 1, 10_000, true),
        concurrency: bounded('concurrency', o.concurrency, 1, 10_000, true),
      };
      const maxReject = bounded('max-reject', o.maxReject, 0, 1);
      const r = await runLoadtest({
        ...opts,
        onTick: (s) =>
          process.stderr.write(
            `${s.elapsedSec.toFixed(0)}s: ${s.sent} sent, ${s.acknowledged} acknowledged, ${s.rejected} rejected, ${s.errors} errors\n`,
          ),
      });
      print(o.json ? JSON.stringify(r, null, 2) : formatReport(opts, r));
      if (r.sent === 0) throw new CliError('no request was sent: raise --rate or --duration');
      if (r.rejectRatio > maxReject)
        throw new CliError(
          `${(r.rejectRatio * 100).toFixed(1)}% of requests were rejected, failed or skipped (more than --max-reject ${maxReject}): ${r.messages[0] ?? (r.skipped ? `${r.skipped} starts found all ${opts.concurrency} requests in flight, the target answers slower than --rate needs (raise --concurrency or lower --rate)` : 'see the report')}; check --url and --token, or lower --rate`,
        );
    });
}

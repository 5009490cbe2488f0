#!/usr/bin/env node
// Checks a plugin archive: the validator's offline rules (rules.mjs) always, and Grafana's own
// validator plugincheck2 as well when it is installed (on PATH, or PLUGINCHECK2=/path/to/it;
// `go install github.com/grafana/plugin-validator/pkg/cmd/plugincheck2@latest`).
// Usage: node scripts/plugin/check.mjs <archive.zip> [plugin dir for package.json]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { checkPluginArchive } from './rules.mjs';

export function readArchive(zipPath) {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openErr, zip) => {
      if (openErr) return reject(openErr);
      const files = new Map();
      // Unix permission bits of each entry (binaries must be 0755), when the archive records them.
      const modes = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolve(Object.assign(files, { modes })));
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        if (entry.externalFileAttributes >>> 16)
          modes.set(entry.fileName, entry.externalFileAttributes >>> 16);
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function findPlugincheck2() {
  if (process.env.PLUGINCHECK2) return process.env.PLUGINCHECK2;
  const gobin = path.join(
    process.env.GOPATH ?? path.join(process.env.HOME ?? '', 'go'),
    'bin',
    'plugincheck2',
  );
  if (fs.existsSync(gobin)) return gobin;
  const which = spawnSync('which', ['plugincheck2'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

async function main() {
  const zipPath = path.resolve(process.argv[2] ?? '');
  if (!fs.existsSync(zipPath))
    throw new Error(`no archive at ${zipPath}: run node scripts/plugin/archive.mjs <plugin dir> first`);
  const pluginDir = process.argv[3] && path.resolve(process.argv[3]);
  const packageJson = pluginDir
    ? JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'))
    : undefined;
  const files = await readArchive(zipPath);
  const { errors, warnings } = checkPluginArchive(files, {
    modes: files.modes,
    archiveName: path.basename(zipPath),
    packageJson,
  });
  for (const w of warnings) console.log(`warning  ${w}`);
  for (const e of errors) console.log(`error    ${e}`);
  console.log(
    `${path.basename(zipPath)}: offline validator rules: ${errors.length} error(s), ${warnings.length} warning(s)`,
  );
  let failed = errors.length > 0;
  const plugincheck2 = findPlugincheck2();
  if (plugincheck2) {
    const run = spawnSync(plugincheck2, [zipPath], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(run.stdout);
    console.log(`plugincheck2 exited ${run.status}`);
    failed ||= run.status !== 0;
  } else {
    console.log(
      'plugincheck2 is not installed here (the Go module proxy does not serve it): offline rules only',
    );
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`)
  main().catch((err) => {
    console.error(`plugin check: ${err.message}`);
    process.exit(1);
  });

#!/usr/bin/env node
// Packs a built Grafana plugin (its dist/) into the archive Grafana and its plugin validator
// expect: <id>-<version>.zip holding one folder named after the plugin id.
// Usage: node scripts/plugin/archive.mjs <plugin dir> → prints the archive path.
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

export async function packPlugin(pluginDir) {
  const dist = path.join(pluginDir, 'dist');
  const metaPath = path.join(dist, 'plugin.json');
  if (!fs.existsSync(metaPath))
    throw new Error(`${metaPath} is missing: run npm run build in ${pluginDir} first`);
  const { id, info } = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  const out = path.join(pluginDir, 'artifacts', `${id}-${info.version}.zip`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const zip = new yazl.ZipFile();
  const walk = (dir) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // A fixed mtime keeps the archive byte-identical across builds of the same sources.
      else
        zip.addFile(full, `${id}/${path.relative(dist, full).split(path.sep).join('/')}`, {
          mtime: new Date(0),
        });
    }
  };
  walk(dist);
  zip.end();
  await new Promise((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(out)).on('close', resolve).on('error', reject),
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? '.');
  packPlugin(dir).then(
    (out) => console.log(out),
    (err) => {
      console.error(`plugin archive: ${err.message}`);
      process.exit(1);
    },
  );
}

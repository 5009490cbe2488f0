#!/usr/bin/env node
// The installed package runs the compiled CommonJS in dist/ (built by `prepack`); no tsx.
// In this monorepo (src/ is there; the tarball ships no src/) it runs the TypeScript sources
// through tsx, a root devDependency, so an edit needs no rebuild and a stale dist/ is never run.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { URL } from 'node:url';

const inRepo = fs.existsSync(new URL('../src/main.ts', import.meta.url));
const { run } = inRepo
  ? (await import('tsx/cjs/api')).require('../src/main.ts', import.meta.url)
  : createRequire(import.meta.url)('../dist/main.js');
process.exitCode = await run(process.argv);

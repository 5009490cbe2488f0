#!/usr/bin/env node
// The CLI runs from its TypeScript sources through tsx (installed with the monorepo), so
// `npx pulsetrace` works right after `npm install`, with no build step. src/ is CommonJS
// (cli/package.json has no "type", like collector-processor), hence tsx's require hook.
import { require as tsxRequire } from 'tsx/cjs/api';

const { run } = tsxRequire('../src/main.ts', import.meta.url);
process.exitCode = await run(process.argv);

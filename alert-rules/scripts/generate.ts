/** `npm run alert-rules:generate`: writes alert-rules/generated/ from alert-rules/src (generate.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '../src/generate';

const root = path.resolve(__dirname, '..');
for (const [rel, text] of Object.entries(generate())) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  fs.writeFileSync(file, text);
  console.log(`${before === text ? 'unchanged' : 'wrote    '} alert-rules/${rel}`);
}

/** `npm run dashboards:generate`: writes dashboards/generated/<slug>.json from dashboards/src (generate.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { generate, GENERATED_DIR } from '../src/generate';

async function main() {
  fs.mkdirSync(GENERATED_DIR, { recursive: true });
  const files = generate();
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(GENERATED_DIR, name);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    fs.writeFileSync(file, text);
    console.log(`${before === text ? 'unchanged' : 'wrote    '} dashboards/generated/${name}`);
  }
  // A dashboard removed from src/index.ts must not stay provisioned.
  for (const name of fs.readdirSync(GENERATED_DIR)) {
    if (name.endsWith('.json') && !(name in files)) {
      fs.rmSync(path.join(GENERATED_DIR, name));
      console.log(`removed   dashboards/generated/${name}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import {
  headingAnchors,
  identifierProblem,
  readDoc,
  repoFiles,
  type RepoFiles,
} from './helpers/markdown-refs';

// The docs name files, folders and functions; when code moves, a doc that still names the old
// place sends a reader nowhere. This reads every doc (docs/*.md and the READMEs) and fails naming
// each relative link, backticked repository path, heading anchor or linked `function()` that does
// not exist in the working tree.

const ROOT = path.resolve(__dirname, '../..');

const DOCS = [
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'README.md',
  ...[
    'sdk',
    'cli',
    'bundler-plugins',
    'grafana-datasource/src',
    'dashboards',
    'alert-rules',
    'grafana-app',
    'grafana-app/src',
  ]
    .map((dir) => `${dir}/README.md`)
    .filter((f) => fs.existsSync(path.join(ROOT, f))),
];

function linkProblem(doc: string, target: string, files: RepoFiles): string | undefined {
  const [file, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
  if (resolved.startsWith('..')) return `link ${target} leaves the repository`;
  if (!files.exists(resolved.replace(/\/$/, ''))) return `link ${target}: ${resolved} does not exist`;
  if (anchor !== undefined && resolved.endsWith('.md')) {
    const anchors = headingAnchors(fs.readFileSync(path.join(ROOT, resolved), 'utf8'));
    if (!anchors.has(decodeURIComponent(anchor)))
      return `link ${target}: no heading #${anchor} in ${resolved}`;
  }
  return undefined;
}

function problemsOf(doc: string, markdown: string, files: RepoFiles): string[] {
  const problems: string[] = [];
  for (const ref of readDoc(markdown, files)) {
    const at = `${doc}:${ref.line}`;
    if (ref.kind === 'link') {
      const problem = linkProblem(doc, ref.target, files);
      if (problem) problems.push(`${at} ${problem}`);
    } else if (ref.kind === 'path') {
      if (!files.matches(ref.path)) problems.push(`${at} \`${ref.path}\` names no file or folder`);
    } else {
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(doc), ref.file));
      if (!files.exists(file)) continue; // reported as a link
      const problem = identifierProblem(fs.readFileSync(path.join(ROOT, file), 'utf8'), ref.name);
      if (problem) problems.push(`${at} \`${ref.name}()\` ${problem} in ${file}`);
    }
  }
  return problems;
}

describe('paths named in the docs', () => {
  const files = repoFiles(ROOT);

  it.each(DOCS)('%s names only files, folders, anchors and functions that exist', (doc) => {
    expect(problemsOf(doc, fs.readFileSync(path.join(ROOT, doc), 'utf8'), files)).toEqual([]);
  });

  // The checker itself: a test that passes because nothing is parsed proves nothing.
  it('flags a missing file, path, anchor or function, in prose and drawings, and accepts real ones', () => {
    const doc = [
      'See [`ingest/ingest-service.ts`](../collector-processor/src/ingest/ingest-service.ts) `ingest()`',
      'and [`nope`](../collector-processor/src/ingest/no-such-file.ts) `ingest()`,',
      'and [`x`](../collector-processor/src/ingest/ingest-service.ts) `noSuchFunction()`,',
      '`collector-processor/src/ingest/` and `store/columns.ts`, but not `ingest/gone.ts`,',
      '[privacy](privacy.md#no-such-heading), [privacy](privacy.md) and `application/json` (no path).',
      '```',
      'a drawing: wal/batch-writer.ts → ingest/gone-too.ts',
      '```',
      '```sh',
      'node ingest/not-checked-in-a-command.ts',
      '```',
    ].join('\n');
    expect(problemsOf('docs/example.md', doc, files)).toEqual([
      expect.stringMatching(/^docs\/example.md:2 link .*no-such-file.ts: .* does not exist$/),
      expect.stringMatching(/^docs\/example.md:3 `noSuchFunction\(\)` is not declared/),
      expect.stringMatching(/^docs\/example.md:4 `ingest\/gone.ts` names no file or folder$/),
      expect.stringMatching(/^docs\/example.md:5 link privacy.md#no-such-heading: no heading/),
      expect.stringMatching(/^docs\/example.md:7 `ingest\/gone-too.ts` names no file or folder$/),
    ]);
  });
});

/**
 * What a markdown doc names in the repository (test/docs-paths.test.ts): relative links, backticked
 * paths, and the `function()` named right after a link to a source file. A few regular expressions
 * rather than a markdown parser: the docs use links, code spans, tables and fences only.
 */
import fs from 'node:fs';
import path from 'node:path';

export type DocRef =
  | { kind: 'link'; line: number; target: string }
  | { kind: 'path'; line: number; path: string }
  | { kind: 'identifier'; line: number; file: string; name: string };

/** Mirrors .gitignore: what is never in a checkout, so a doc cannot point at it. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'data', 'coverage', '.cache', 'artifacts']);
const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** A bare file name (no folder) counts as a path only for the repository's own source kinds. */
const BARE_SOURCE = /^[\w.*-]+\.(ts|tsx|mts|cts|mjs|cjs|sql)$/;
/**
 * A code span that is not a path: spaces, routes, env lines, package names, placeholders
 * (`<data>/…`, `NNNN_name.sql`), and globs over a user's files (`src/cart/*`).
 */
const NOT_A_PATH = /[\s<>{}()[\]$=,;'"|\\:?&]|^\/|^@|^-|NNNN|\/\*+$/;
/** Built or user-side files (`app.min.js`, `app.js.map`): checked only under a top-level folder. */
const BUILT_FILE = /\.(js|map)$/;
const LINK = /\[((?:[^[\]]|\[[^\]]*\])*)\]\(([^()\s]+)(?:\s+"[^"]*")?\)/g;
const CODE_SPAN = /`([^`]+)`/g;
/** A word with a slash in a drawing: `ingest/steps/`, `wal/batch-writer.ts`. */
const DIAGRAM_PATH = /(?<![\w/.<>@-])([\w.-]+\/[\w./*-]*)/g;
/** `name()`, `Class.method()`, with or without arguments. */
const CALL = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)?)\([^`]*\)$/;

export interface RepoFiles {
  /** A file or folder at exactly this repository path. */
  exists(repoPath: string): boolean;
  /** A file or folder whose path is, or ends with, this one (`*` matches within a name). */
  matches(partialPath: string): boolean;
  /** Folder names anywhere in the tree: a code span starting with one is read as a path. */
  dirNames: Set<string>;
  /** The repository's top-level files and folders. */
  topLevel: Set<string>;
}

export function repoFiles(root: string): RepoFiles {
  const files: string[] = [];
  const dirs = new Set<string>(['']);
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name)) continue;
        dirs.add(child);
        walk(child);
      } else files.push(child);
    }
  };
  walk('');
  const all = [...files, ...dirs].map((p) => `/${p}`);
  const fileSet = new Set(files);
  return {
    exists: (p) => fileSet.has(p) || dirs.has(p),
    matches(partial) {
      // A build output (`sdk/dist/…`) is not in a checkout: its package folder must be.
      const wanted = partial
        .replace(/^\.\//, '')
        .replace(/\/$/, '')
        .replace(/\/dist(\/.*)?$/, '');
      const glob = new RegExp(`/${wanted.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
      return all.some((p) => glob.test(p));
    },
    dirNames: new Set([...dirs].map((d) => d.split('/').pop() ?? '').filter(Boolean)),
    topLevel: new Set([...files, ...dirs].filter((p) => p && !p.includes('/'))),
  };
}

/**
 * The text with fenced blocks blanked (line count kept): commands and examples are not checked.
 * `diagrams` keeps the lines of fences without a language (the data-flow drawings), whose bare
 * `folder/file.ts` words are checked as paths.
 */
function splitFences(text: string): { prose: string; diagrams: string } {
  let fence: { marker: string; diagram: boolean } | undefined;
  const prose: string[] = [];
  const diagrams: string[] = [];
  for (const line of text.split('\n')) {
    const open = /^\s*(```|~~~)\s*(\S*)/.exec(line);
    if (fence) {
      const closes = open?.[1] === fence.marker && open[2] === '';
      diagrams.push(fence.diagram && !closes ? line : '');
      if (closes) fence = undefined;
      prose.push('');
    } else if (open) {
      fence = { marker: open[1] ?? '```', diagram: open[2] === '' };
      prose.push('');
      diagrams.push('');
    } else {
      prose.push(line);
      diagrams.push('');
    }
  }
  return { prose: prose.join('\n'), diagrams: diagrams.join('\n') };
}

function isPath(span: string, files: Pick<RepoFiles, 'dirNames' | 'topLevel'>): boolean {
  if (NOT_A_PATH.test(span) || span.includes('..')) return false;
  if (!span.includes('/')) return BARE_SOURCE.test(span);
  const first = span.replace(/^\.\//, '').split('/')[0] ?? '';
  return BUILT_FILE.test(span) ? files.topLevel.has(first) : files.dirNames.has(first);
}

export function readDoc(markdown: string, files: Pick<RepoFiles, 'dirNames' | 'topLevel'>): DocRef[] {
  const { prose: text, diagrams } = splitFences(markdown);
  const lineIn = (source: string, index: number) => source.slice(0, index).split('\n').length;
  const lineAt = (index: number) => lineIn(text, index);
  const refs: DocRef[] = [];
  const links = [...text.matchAll(LINK)];
  links.forEach((link, i) => {
    const target = link[2] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) return; // URLs, absolute
    const line = lineAt(link.index);
    refs.push({ kind: 'link', line, target });
    const file = target.split('#')[0] ?? '';
    if (!CODE_FILE.test(file)) return;
    // The functions named after a link to a source file, up to the next link or the line's end.
    const end = link.index + link[0].length;
    const next = Math.min(links[i + 1]?.index ?? text.length, text.indexOf('\n', end) >>> 0);
    for (const span of text.slice(end, next).matchAll(CODE_SPAN)) {
      const name = CALL.exec(span[1] ?? '')?.[1];
      if (name) refs.push({ kind: 'identifier', line, file, name });
    }
  });
  for (const span of text.matchAll(CODE_SPAN)) {
    const content = (span[1] ?? '').trim();
    if (isPath(content, files)) refs.push({ kind: 'path', line: lineAt(span.index), path: content });
  }
  for (const word of diagrams.matchAll(DIAGRAM_PATH)) {
    const content = (word[1] ?? '').replace(/[.,:]$/, '');
    if (isPath(content, files))
      refs.push({ kind: 'path', line: lineIn(diagrams, word.index), path: content });
  }
  return refs.sort((a, b) => a.line - b.line);
}

const escape = (s: string) => s.replace(/[$]/g, '\\$');

/** Why `name` (or `Class.member`) is not an exported function, class or const of `source`. */
export function identifierProblem(source: string, name: string): string | undefined {
  const [owner, member] = name.split('.') as [string, string | undefined];
  const declared = new RegExp(
    `export\\s+(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?` +
      `(?:function\\*?|class|const|let|var)\\s+${escape(owner)}\\b|export\\s*\\{[^}]*\\b${escape(owner)}\\b`,
  );
  if (!declared.test(source)) return `is not declared (as an exported function, class or const)`;
  if (member === undefined) return undefined;
  const memberDecl = new RegExp(
    `^\\s*(?:(?:public|private|protected|static|async|readonly|get|set)\\s+)*${escape(member)}\\s*[(<:=]`,
    'm',
  );
  return memberDecl.test(source) ? undefined : `has no member ${member}`;
}

/** GitHub's heading ids (lower case, punctuation dropped, spaces to dashes, -1 for repeats). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of splitFences(markdown).prose.split('\n')) {
    for (const html of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(html[1] ?? '');
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .replace(LINK, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

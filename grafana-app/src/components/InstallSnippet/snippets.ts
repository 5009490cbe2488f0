/**
 * The three ways to install the browser SDK, as text to paste, filled in with a project's ingest
 * key and the processor's public URL. The shapes are the SDK's own documentation (sdk/README.md:
 * `init({endpoint, key, …})`, the loader tag's data- attributes) and the root README's inline
 * snippet; snippets.test.ts runs the loader and inline forms' attribute names against the SDK's
 * loader (sdk/src/loader/loader.ts configFromDataset). Pure: no React, no Grafana.
 */

/** @pulsetrace/web's version (sdk/package.json; snippets.test.ts pins them equal). */
export const SDK_VERSION = '0.1.0';

/**
 * Where the loader is served when the app's settings name no other place: the npm package ships
 * dist/loader.min.js and dist/pulsetrace.min.js side by side, and jsDelivr serves any npm file.
 */
export const DEFAULT_LOADER_URL = `https://cdn.jsdelivr.net/npm/@pulsetrace/web@${SDK_VERSION}/dist/loader.min.js`;

export interface SnippetConfig {
  /** The processor's URL as browsers reach it (the SDK appends /v1/traces). */
  endpoint: string;
  /** The project's current ingest key. */
  key: string;
  /** loader.min.js's URL (pulsetrace.min.js must sit beside it). */
  loaderUrl?: string;
  environment?: string;
  release?: string;
}

export type SnippetKind = 'npm' | 'loader' | 'inline';

export interface Snippet {
  kind: SnippetKind;
  label: string;
  /** What it is for, in a sentence. */
  description: string;
  /** A shell command to run first (npm only). */
  command?: string;
  /** The code to paste; language for the code block. */
  code: string;
  language: 'typescript' | 'html';
}

/** A JavaScript string literal in single quotes (the SDK README's style). */
export function jsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/</g, '\\x3c')}'`;
}

/** An HTML attribute value in double quotes. */
export function htmlAttr(value: string): string {
  return `"${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"`;
}

/** The processor's base URL without a trailing slash (the SDK appends /v1/traces itself). */
export function normalizeEndpoint(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Optional fields as [name, value] pairs, in the README's order; empty ones left out. */
function optional(config: SnippetConfig): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (config.release) {
    out.push(['release', config.release]);
  }
  if (config.environment) {
    out.push(['environment', config.environment]);
  }
  return out;
}

export function npmSnippet(config: SnippetConfig): Snippet {
  const fields: Array<[string, string]> = [
    ['endpoint', normalizeEndpoint(config.endpoint)],
    ['key', config.key],
    ...optional(config),
  ];
  const code = [
    "import * as PulseTrace from '@pulsetrace/web';",
    '',
    'PulseTrace.init({',
    ...fields.map(([name, value]) => `  ${name}: ${jsString(value)},`),
    '});',
    '',
  ].join('\n');
  return {
    kind: 'npm',
    label: 'npm',
    description: 'For apps built with a bundler: install the package, then call init() once, as early as possible.',
    command: 'npm install @pulsetrace/web',
    code,
    language: 'typescript',
  };
}

export function loaderSnippet(config: SnippetConfig): Snippet {
  const attrs: Array<[string, string]> = [
    ['src', config.loaderUrl || DEFAULT_LOADER_URL],
    ['data-endpoint', normalizeEndpoint(config.endpoint)],
    ['data-key', config.key],
    ...optional(config).map(([name, value]): [string, string] => [`data-${name}`, value]),
  ];
  const code = ['<script', ...attrs.map(([name, value]) => `  ${name}=${htmlAttr(value)}`), '></script>', ''].join(
    '\n'
  );
  return {
    kind: 'loader',
    label: 'Script tag',
    description:
      'For any page: the loader (under 1.5 KB) queues calls and errors at once and loads the SDK without blocking rendering. Paste it into <head>.',
    code,
    language: 'html',
  };
}

/** The public API's method names the inline stub queues (sdk/src/loader/loader.ts METHODS). */
export const STUB_METHODS =
  'init track captureException identify reset setRelease setEnvironment setAttributes optOut optIn flush getSessionId shutdown';

export function inlineSnippet(config: SnippetConfig): Snippet {
  const data = [['endpoint', normalizeEndpoint(config.endpoint)], ['key', config.key], ...optional(config)].map(
    ([name, value]) => `    s.dataset.${name} = ${jsString(value)};`
  );
  const code = [
    '<script>',
    '  (function (w, d, s) {',
    '    var p = (w.PulseTrace = w.PulseTrace || { _q: [] });',
    `    '${STUB_METHODS}'`,
    "      .split(' ')",
    '      .forEach(function (m) {',
    '        p[m] =',
    '          p[m] ||',
    '          function () {',
    '            p._q.push([m, arguments]);',
    "            if (m == 'flush' || m == 'shutdown') return Promise.resolve();",
    '          };',
    '      });',
    "    s = d.createElement('script');",
    '    s.async = true;',
    `    s.src = ${jsString(config.loaderUrl || DEFAULT_LOADER_URL)};`,
    ...data,
    '    d.head.appendChild(s);',
    '  })(window, document);',
    '</script>',
    '',
  ].join('\n');
  return {
    kind: 'inline',
    label: 'Inline snippet',
    description:
      'Like the script tag without its blocking request: PulseTrace calls are queued from the first line, uncaught errors once the loader has run.',
    code,
    language: 'html',
  };
}

export function allSnippets(config: SnippetConfig): Snippet[] {
  return [npmSnippet(config), loaderSnippet(config), inlineSnippet(config)];
}

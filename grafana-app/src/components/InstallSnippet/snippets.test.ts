import { htmlAttr, inlineSnippet, jsString, loaderSnippet, normalizeEndpoint, npmSnippet } from './snippets';

const base = { endpoint: 'https://rum.example.com', key: 'pt_k' };

describe('snippets', () => {
  it.each([
    ['https://rum.example.com/', 'https://rum.example.com'],
    ['  http://localhost:4318//  ', 'http://localhost:4318'],
    ['https://rum.example.com/pt', 'https://rum.example.com/pt'],
  ])('endpoint %j is written as %j', (input, expected) => {
    expect(normalizeEndpoint(input)).toBe(expected);
  });

  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['a\\b', "'a\\\\b'"],
    ['</script>', "'\\x3c/script>'"],
  ])('JS string of %j', (input, expected) => {
    expect(jsString(input)).toBe(expected);
  });

  it.each([
    ['plain', '"plain"'],
    ['a"b', '"a&quot;b"'],
    ['<&>', '"&lt;&amp;>"'],
  ])('HTML attribute of %j', (input, expected) => {
    expect(htmlAttr(input)).toBe(expected);
  });

  it.each([
    ['npm', npmSnippet, ['release:', 'environment:']],
    ['loader', loaderSnippet, ['data-release', 'data-environment']],
    ['inline', inlineSnippet, ['dataset.release', 'dataset.environment']],
  ] as const)('%s: release and environment only when given', (_name, build, optional) => {
    for (const text of optional) {
      expect(build(base).code).not.toContain(text);
      expect(build({ ...base, release: '1.2.3', environment: 'prod' }).code).toContain(text);
    }
  });

  it('uses the configured loader URL', () => {
    const loaderUrl = 'https://static.example.com/pt/loader.min.js';
    expect(loaderSnippet({ ...base, loaderUrl }).code).toContain(`src="${loaderUrl}"`);
    expect(inlineSnippet({ ...base, loaderUrl }).code).toContain(`s.src = '${loaderUrl}';`);
  });

  it('the inline snippet is JavaScript that queues calls and adds the loader with the data attributes', () => {
    const html = inlineSnippet({ ...base, environment: 'prod' }).code;
    const js = html.replace(/^<script>\n/, '').replace(/<\/script>\n$/, '');
    const appended: HTMLScriptElement[] = [];
    const fakeDoc = {
      createElement: () => ({ dataset: {} }) as HTMLScriptElement,
      head: { appendChild: (s: HTMLScriptElement) => appended.push(s) },
    };
    const win: { PulseTrace?: { _q: unknown[]; track(name: string): void } } = {};
    new Function('window', 'document', js)(win, fakeDoc);
    win.PulseTrace!.track('x');
    expect(win.PulseTrace!._q).toHaveLength(1);
    expect(appended[0]!.async).toBe(true);
    expect({ ...appended[0]!.dataset }).toEqual({
      endpoint: 'https://rum.example.com',
      key: 'pt_k',
      environment: 'prod',
    });
  });
});

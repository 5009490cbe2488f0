import { parseFrames } from '../pipeline/map/errors';
import { isAppFile, notInAppReason } from './in-app';

describe('notInAppReason', () => {
  it.each<[string, ReturnType<typeof notInAppReason>]>([
    // The app's own files: URLs it serves, and source paths after symbolication.
    ['https://shop.example/assets/app-3f9a.js', undefined],
    ['http://localhost:5173/src/cart.ts?t=1712', undefined],
    ['file:///home/me/shop/index.html', undefined],
    ['blob:https://shop.example/6c1e7f3a-5a6b-4b4e-9a53-0f3c9e6d7b21', undefined],
    ['webpack://shop/./src/cart.ts', undefined],
    ['../src/cart.ts', undefined],
    ['app.js', undefined],
    // Browser internals and locations that are no file.
    ['[native code]', 'browser_internal'],
    ['native', 'browser_internal'],
    ['self-hosted', 'browser_internal'],
    ['<anonymous>', 'browser_internal'],
    ['', 'no_file'],
    [':370', 'no_file'],
    ['__puppeteer_evaluation_script__', 'no_file'],
    ['debugger eval code', 'eval'],
    ['eval', 'eval'],
    // Other schemes: extensions, automation, debuggers, Safari's masked URLs.
    ['chrome-extension://abcdef/content.js', 'foreign_scheme'],
    ['moz-extension://2a3b-44/inject.js', 'foreign_scheme'],
    ['safari-web-extension://ABC-123/script.js', 'foreign_scheme'],
    ['webkit-masked-url://hidden/', 'foreign_scheme'],
    ['pptr:evaluate;foo%20bar', 'foreign_scheme'],
    ['pptr://__puppeteer_evaluation_script__', 'foreign_scheme'],
    ['debugger://VM12', 'foreign_scheme'],
    // Vendor code, in a URL or in a source path from a map.
    ['https://shop.example/node_modules/.vite/deps/react-dom.js?v=1', 'vendor'],
    ['webpack://shop/./node_modules/react-dom/cjs/react-dom.development.js', 'vendor'],
    ['../node_modules/@pulsetrace/web/dist/esm/index.js', 'vendor'],
    ['https://cdn.example/bower_components/jquery/jquery.js', 'vendor'],
    // The SDK's own bundle and loader.
    ['https://cdn.example.com/pulsetrace/pulsetrace.min.js', 'sdk'],
    ['https://shop.example/js/pulsetrace.min.js?v=3', 'sdk'],
    ['https://cdn.example.com/pulsetrace/loader.min.js', 'sdk'],
    ['webpack://shop/../packages/@pulsetrace/web/src/client.ts', 'sdk'],
    // Not the SDK: an app file that merely mentions it.
    ['https://shop.example/assets/pulsetrace-setup-3f9a.ts.map', undefined],
    ['https://shop.example/src/pulsetrace-setup.js', undefined],
  ])('%j → %s', (filename, reason) => {
    expect(notInAppReason(filename)).toBe(reason);
    expect(isAppFile(filename)).toBe(reason === undefined ? 1 : 0);
  });
});

describe('notInAppReason of a source path from a source map', () => {
  it.each<[string, ReturnType<typeof notInAppReason>]>([
    ['turbopack:///[project]/src/cart.ts', undefined],
    ['ng://shop/src/app/cart.component.ts', undefined],
    ['webpack://shop/./src/cart.ts', undefined],
    ['webpack://shop/./node_modules/react-dom/index.js', 'vendor'],
    ['turbopack:///[project]/node_modules/next/dist/client/index.js', 'vendor'],
    ['../packages/@pulsetrace/web/src/client.ts', 'sdk'],
  ])('%j → %s', (source, reason) => expect(notInAppReason(source, false, true)).toBe(reason));
});

describe('parseFrames: in_app from the stack text', () => {
  const app = 'https://shop.example/assets/app.js';

  it('marks eval frames, whose location the parser rewrites to the eval call, not in-app', () => {
    const v8 = [
      'Error: x',
      `    at eval (eval at run (${app}:10:5), <anonymous>:1:7)`,
      `    at run (${app}:10:5)`,
    ].join('\n');
    const firefox = [
      `inner@${app} line 10 > eval:1:7`,
      `g@${app} line 3 > Function:1:1`,
      `run@${app}:10:5`,
    ].join('\n');
    expect(parseFrames(v8, 'Error', 'x').map((f) => [f.filename, f.in_app])).toEqual([
      [app, 0],
      [app, 1],
    ]);
    // The parser keeps `line 3 > Function` in the file name; in_app is what matters.
    expect(parseFrames(firefox, 'Error', 'x').map((f) => f.in_app)).toEqual([0, 0, 1]);
  });

  it('keeps browser-internal, automation, extension and SDK frames out', () => {
    const firefox = [
      `pay@${app}:20:11`,
      'forEach@self-hosted:123:5',
      'h@webkit-masked-url://hidden/:1:2',
      'f@pptr:evaluate;x:1:2',
      'wrapped@https://cdn.example.com/pulsetrace/pulsetrace.min.js:1:2345',
      '@debugger eval code:1:1',
    ].join('\n');
    expect(parseFrames(firefox, 'Error', 'x').map((f) => f.in_app)).toEqual([1, 0, 0, 0, 0, 0]);
  });
});

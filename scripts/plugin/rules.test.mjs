// node --test scripts/plugin/: the offline validator rules catch each defect they exist for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPluginArchive } from './rules.mjs';

const ID = 'pulsetrace-rum-datasource';
const meta = {
  type: 'datasource',
  name: 'PulseTrace',
  id: ID,
  info: {
    description: 'RUM',
    keywords: ['rum'],
    author: { name: 'PulseTrace' },
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    version: '0.1.0',
    updated: '2026-11-23',
    links: [{ name: 'Docs', url: 'https://example.com/docs' }],
  },
  dependencies: { grafanaDependency: '>=12.0.0' },
  routes: [{ path: 'read', reqRole: 'Viewer', url: '{{ .JsonData.url }}' }],
};

function archive(overrides = {}, edit = (files) => files) {
  const files = new Map([
    [`${ID}/plugin.json`, Buffer.from(JSON.stringify({ ...meta, ...overrides }))],
    [`${ID}/module.js`, Buffer.from('define(["react"],function(){})')],
    [`${ID}/README.md`, Buffer.from('# PulseTrace\n')],
    [`${ID}/CHANGELOG.md`, Buffer.from('# Changelog\n')],
    [`${ID}/LICENSE`, Buffer.from('Apache License\nVersion 2.0')],
    [`${ID}/img/logo.svg`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')],
  ]);
  return edit(files);
}

test('a complete archive passes with only the unsigned and screenshot warnings', () => {
  const { errors, warnings } = checkPluginArchive(archive(), {
    archiveName: `${ID}-0.1.0.zip`,
    packageJson: { version: '0.1.0' },
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(
    warnings.map((w) => w.split(':')[0]),
    ['screenshots', 'signature'],
  );
});

const withBinary = (name) => (files) => files.set(`${ID}/${name}`, Buffer.from('\x7fELF'));

const defects = [
  ['archive', archive({}, (f) => new Map([...f].map(([k, v]) => [k.replace(ID, 'other'), v])))],
  ['pluginname', archive({ id: 'PulseTrace' })],
  ['typesuffix', archive({ type: 'panel' })],
  ['metadatavalid', archive({ info: { ...meta.info, version: '%VERSION%' } })],
  ['restrictivedep', archive({ dependencies: { grafanaDependency: '>=12.0.0 <13.0.0' } })],
  ['modulejs', archive({}, (f) => (f.delete(`${ID}/module.js`), f))],
  ['readme', archive({}, (f) => (f.delete(`${ID}/README.md`), f))],
  [
    'templatereadme',
    archive({}, (f) =>
      f.set(
        `${ID}/README.md`,
        Buffer.from('<!-- This README file is going to be the one displayed on the Grafana.com website -->'),
      ),
    ),
  ],
  ['changelog', archive({}, (f) => (f.delete(`${ID}/CHANGELOG.md`), f))],
  ['metadatapaths', archive({}, (f) => (f.delete(`${ID}/img/logo.svg`), f))],
  [
    'unsafesvg',
    archive({}, (f) => f.set(`${ID}/img/logo.svg`, Buffer.from('<svg onload="alert(1)"></svg>'))),
  ],
  ['safelinks', archive({ info: { ...meta.info, links: [{ name: 'x', url: 'http://insecure.example' }] } })],
  // A backend without its binaries, binaries without a backend, alerting or an executable without one.
  ['backendbinary', archive({ backend: true, executable: 'gpx_rum' })],
  ['backendbinary', archive({ backend: true }, withBinary('gpx_rum_linux_amd64'))],
  ['backendbinary', archive({}, withBinary('gpx_rum_linux_amd64'))],
  ['backendbinary', archive({ alerting: true })],
  ['backendbinary', archive({ executable: 'gpx_rum' }, withBinary('gpx_rum_linux_amd64'))],
  [
    'trackingscripts',
    archive({}, (f) =>
      f.set(`${ID}/module.js`, Buffer.from('load("https://www.googletagmanager.com/gtag/js")')),
    ),
  ],
];

for (const [rule, files] of defects) {
  test(`catches ${rule}`, () => {
    const { errors } = checkPluginArchive(files, { packageJson: { version: '0.1.0' } });
    assert.ok(
      errors.some((e) => e.startsWith(`${rule}:`)),
      `expected a ${rule} error, got ${JSON.stringify(errors)}`,
    );
  });
}

test('a backend plugin with its binaries, 0755, passes', () => {
  const names = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64', 'windows_amd64.exe'].map(
    (p) => `gpx_rum_${p}`,
  );
  const files = archive({ backend: true, alerting: true, executable: 'gpx_rum' }, (f) => {
    for (const n of names) withBinary(n)(f);
    return f;
  });
  // Windows has no execute bit: its mode is not checked.
  const modes = new Map(names.map((n) => [`${ID}/${n}`, n.endsWith('.exe') ? 0o100644 : 0o100755]));
  assert.deepEqual(checkPluginArchive(files, { packageJson: { version: '0.1.0' }, modes }).errors, []);
  modes.set(`${ID}/gpx_rum_linux_arm64`, 0o100644);
  const { errors } = checkPluginArchive(files, { packageJson: { version: '0.1.0' }, modes });
  assert.deepEqual(errors, [`binarypermissions: ${ID}/gpx_rum_linux_arm64 has mode 644, not 755`]);
});

test('catches a package.json version that differs from plugin.json', () => {
  const { errors } = checkPluginArchive(archive(), { packageJson: { version: '0.2.0' } });
  assert.ok(errors.some((e) => e.startsWith('packagejson:')));
});

// The app plugin's own rules: pages routed under /a/<id>/, roles Grafana knows, one default page,
// and well-formed dependencies on other plugins (the app needs the data source).
const APP_ID = 'pulsetrace-app';
const page = (name, extra = {}) => ({
  type: 'page',
  name,
  path: `/a/${APP_ID}/${name.toLowerCase()}`,
  role: 'Viewer',
  addToNav: true,
  ...extra,
});
const appMeta = {
  ...meta,
  type: 'app',
  id: APP_ID,
  routes: undefined,
  includes: [page('Overview', { defaultNav: true }), page('Issues'), page('Setup', { role: 'Admin' })],
  dependencies: {
    grafanaDependency: '>=12.0.0',
    plugins: [{ id: ID, type: 'datasource', name: 'PulseTrace', version: '0.1.0' }],
  },
};

function appArchive(overrides = {}) {
  const files = archive();
  return new Map(
    [...files].map(([name, body]) => [
      name.replace(ID, APP_ID),
      name.endsWith('plugin.json') ? Buffer.from(JSON.stringify({ ...appMeta, ...overrides })) : body,
    ]),
  );
}

const withPages = (...pages) => ({ includes: pages });
const withDependency = (dep) => ({ dependencies: { ...appMeta.dependencies, plugins: [dep] } });
const dependency = appMeta.dependencies.plugins[0];

test('a complete app archive passes with only the unsigned and screenshot warnings', () => {
  const { errors, warnings } = checkPluginArchive(appArchive(), {
    archiveName: `${APP_ID}-0.1.0.zip`,
    packageJson: { version: '0.1.0' },
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(
    warnings.map((w) => w.split(':')[0]),
    ['screenshots', 'signature'],
  );
});

const appDefects = [
  // [what, overrides, rule, words the error must name]
  [
    'a page outside /a/<id>/',
    withPages(page('Overview', { defaultNav: true }), page('Issues', { path: '/a/other-app/issues' })),
    'appincludes',
    '/a/other-app/issues',
  ],
  [
    'a page whose id placeholder was never replaced',
    withPages(page('Overview', { defaultNav: true, path: '/a/%PLUGIN_ID%/overview' })),
    'appincludes',
    '%PLUGIN_ID%',
  ],
  [
    'a role Grafana does not know',
    withPages(page('Overview', { defaultNav: true }), page('Setup', { role: 'Owner' })),
    'metadatavalid',
    'role Owner',
  ],
  [
    'an include of an unknown type',
    withPages(page('Overview', { defaultNav: true }), { type: 'widget', name: 'W' }),
    'metadatavalid',
    'type widget',
  ],
  ['no default page', withPages(page('Overview'), page('Issues')), 'appincludes', 'found 0'],
  [
    'two default pages',
    withPages(page('Overview', { defaultNav: true }), page('Issues', { defaultNav: true })),
    'appincludes',
    'found 2',
  ],
  [
    'a dependency without an id',
    withDependency({ ...dependency, id: undefined }),
    'metadatavalid',
    'id is not',
  ],
  [
    'a dependency whose type is not its id’s',
    withDependency({ ...dependency, type: 'panel' }),
    'metadatavalid',
    'type must be',
  ],
  [
    'a dependency without a name',
    withDependency({ ...dependency, name: '' }),
    'metadatavalid',
    'name is missing',
  ],
  [
    'a dependency without a version',
    withDependency({ ...dependency, version: 'latest-ish' }),
    'metadatavalid',
    'version is not',
  ],
];

for (const [what, overrides, rule, words] of appDefects) {
  test(`app: catches ${what}`, () => {
    const { errors } = checkPluginArchive(appArchive(overrides), { packageJson: { version: '0.1.0' } });
    assert.ok(
      errors.some((e) => e.startsWith(`${rule}:`) && e.includes(words)),
      `expected a ${rule} error naming ${words}, got ${JSON.stringify(errors)}`,
    );
  });
}

test('app: a data source’s includes are not held to the app’s page rules', () => {
  const { errors } = checkPluginArchive(
    archive({ includes: [{ type: 'dashboard', name: 'Overview', path: 'dashboards/overview.json' }] }),
    { packageJson: { version: '0.1.0' } },
  );
  assert.deepEqual(errors, []);
});

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
  ['backendbinary', archive({ backend: true, executable: 'gpx_rum' })],
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

test('catches a package.json version that differs from plugin.json', () => {
  const { errors } = checkPluginArchive(archive(), { packageJson: { version: '0.2.0' } });
  assert.ok(errors.some((e) => e.startsWith('packagejson:')));
});

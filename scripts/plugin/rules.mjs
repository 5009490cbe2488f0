// The plugin validator's offline rules (plugincheck2's analyzers that need no network, source
// checkout or scanner), applied to the files of a plugin archive. plugincheck2 itself runs too
// when it is installed (check.mjs); these rules keep the archive honest where it cannot be had.
import semver from 'semver';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*-(app|panel|datasource)$/;
const ROLES = new Set(['Viewer', 'Editor', 'Admin']);
const LICENSES = /^(BSD|MIT|Apache|LGPL|GPL|AGPL)/i;
// plugincheck2's unsafe-SVG analyzer allows only drawing elements: no script, no foreignObject, no handlers.
const SVG_FORBIDDEN = [
  /<script/i,
  /<foreignObject/i,
  /\son[a-z]+\s*=/i,
  /javascript:/i,
  /<iframe/i,
  /xlink:href\s*=\s*["']https?:/i,
];
const TRACKERS = [
  /google-analytics\.com/,
  /googletagmanager\.com/,
  /hotjar\.com/,
  /segment\.(io|com)\/analytics/,
  /mixpanel\.com/,
];
// create-plugin's README opens with this comment until it is rewritten.
const TEMPLATE_README =
  /This README file is going to be the one displayed on the Grafana\.com website|Uncomment and replace the content here before publishing/i;

const PLUGIN_TYPES = new Set(['app', 'panel', 'datasource']);
const INCLUDE_TYPES = new Set(['page', 'dashboard', 'panel', 'datasource']);

/**
 * An app's includes, as Grafana routes them: every page at /a/<id>/…, a role Grafana knows, and
 * exactly one page the app opens on (defaultNav).
 */
function checkApp(meta, err) {
  const includes = meta.includes ?? [];
  for (const include of includes) {
    const what = `include ${include.name ?? JSON.stringify(include)}`;
    if (!INCLUDE_TYPES.has(include.type))
      err('metadatavalid', `${what}: type ${include.type} is not page, dashboard, panel or datasource`);
    if (include.role !== undefined && !ROLES.has(include.role))
      err('metadatavalid', `${what}: role ${include.role} is not Viewer, Editor or Admin`);
    if (include.type === 'page' && !include.name) err('metadatavalid', `${what}: a page needs a name`);
    if (include.path !== undefined && !include.path.startsWith(`/a/${meta.id}/`))
      err('appincludes', `${what}: path ${include.path} is not under /a/${meta.id}/`);
  }
  const pages = includes.filter((include) => include.type === 'page');
  const defaults = includes.filter((include) => include.defaultNav);
  if (pages.length > 0 && defaults.length !== 1)
    err('appincludes', `exactly one include needs defaultNav: true (found ${defaults.length})`);
}

// Grafana runs a backend plugin's `<executable>_<GOOS>_<GOARCH>[.exe]` from the plugin folder
// (plugin.json reference: "executable … Required if backend is true"; "alerting … Requires backend
// to be set to true", https://grafana.com/developers/plugin-tools/reference/plugin-json).
// plugincheck2's backendbinary analyzer looks for these suffixes; its binarypermissions analyzer
// wants exactly 0755 on each non-Windows binary.
const BINARY_SUFFIXES = [
  '_linux_amd64',
  '_linux_arm64',
  '_darwin_amd64',
  '_darwin_arm64',
  '_windows_amd64.exe',
];

/**
 * Backend rules (plugincheck2 backendbinary + binarypermissions): alerting and an executable need
 * backend: true, backend: true needs an executable and at least one of its binaries, binaries
 * need 0755, and a plugin without a backend ships no binary.
 */
function checkBackend(meta, files, root, modes, err) {
  if (meta.alerting && !meta.backend)
    err('backendbinary', 'alerting: true needs backend: true (Grafana evaluates alert rules in the backend)');
  if (meta.executable && !meta.backend)
    err('backendbinary', `executable ${meta.executable} is declared but backend is not true`);
  if (!meta.backend) {
    if ([...files.keys()].some((n) => /\/gpx_|\.exe$/.test(n)))
      err('backendbinary', 'the archive holds a backend binary but plugin.json has no backend');
    return;
  }
  if (!meta.executable) {
    err('backendbinary', "backend: true needs executable in plugin.json (the binaries' name prefix)");
    return;
  }
  const present = BINARY_SUFFIXES.map((suffix) => `${root}/${meta.executable}${suffix}`).filter((n) =>
    files.has(n),
  );
  if (present.length === 0)
    err('backendbinary', `no backend binary ${meta.executable}_<os>_<arch> in the archive`);
  for (const name of present) {
    const mode = modes?.get(name);
    if (!name.endsWith('.exe') && mode !== undefined && (mode & 0o777) !== 0o755)
      err('binarypermissions', `${name} has mode ${(mode & 0o777).toString(8)}, not 755`);
  }
}

/**
 * files: Map of archive path → Buffer. packageJson: the plugin's package.json (version check).
 * modes: Map of archive path → Unix permission bits, when the archive records them (binaries).
 * Returns {errors, warnings}: plain sentences naming the rule (plugincheck2's analyzer name).
 */
export function checkPluginArchive(files, { archiveName, packageJson, modes } = {}) {
  const errors = [];
  const warnings = [];
  const err = (rule, message) => errors.push(`${rule}: ${message}`);
  const warn = (rule, message) => warnings.push(`${rule}: ${message}`);
  const names = [...files.keys()];
  const roots = new Set(names.map((n) => n.split('/')[0]));
  if (roots.size !== 1 || names.some((n) => !n.includes('/'))) {
    err(
      'archive',
      `the archive must hold exactly one folder named after the plugin id (found ${[...roots].join(', ')})`,
    );
    return { errors, warnings };
  }
  const [root] = roots;
  const file = (p) => files.get(`${root}/${p}`);
  const text = (p) => file(p)?.toString('utf8');
  const metaText = text('plugin.json');
  if (!metaText) {
    err('metadata', 'plugin.json is missing at the top of the plugin folder');
    return { errors, warnings };
  }
  let meta;
  try {
    meta = JSON.parse(metaText);
  } catch (e) {
    err('metadata', `plugin.json is not valid JSON: ${e.message}`);
    return { errors, warnings };
  }
  const info = meta.info ?? {};
  if (meta.id !== root) err('archive', `the folder is ${root} but plugin.json's id is ${meta.id}`);
  if (!ID.test(meta.id ?? '')) err('pluginname', `id ${meta.id} is not <org>-<name>-<type>`);
  if (!['app', 'panel', 'datasource'].includes(meta.type) || !meta.id?.endsWith(`-${meta.type}`))
    err('typesuffix', `type ${meta.type} must be app, panel or datasource and end the id`);
  if (archiveName && archiveName !== `${meta.id}-${info.version}.zip`)
    err('archivename', `the archive is ${archiveName}, expected ${meta.id}-${info.version}.zip`);
  for (const field of ['name', 'id', 'type'])
    if (!meta[field]) err('metadatavalid', `plugin.json needs ${field}`);
  if (!semver.valid(info.version ?? ''))
    err('metadatavalid', `info.version ${info.version} is not a semantic version`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(info.updated ?? ''))
    err('metadatavalid', `info.updated ${info.updated} is not a date (YYYY-MM-DD)`);
  if (!info.author?.name) err('metadatavalid', 'info.author.name is missing');
  if (packageJson && packageJson.version !== info.version)
    err(
      'packagejson',
      `package.json version ${packageJson.version} differs from plugin.json ${info.version}`,
    );
  const range = meta.dependencies?.grafanaDependency;
  if (!range || !semver.validRange(range))
    err('metadatavalid', `dependencies.grafanaDependency ${range} is not a version range`);
  else if (/[<~^]|\s-\s/.test(range.replace(/^>=/, '')))
    err(
      'restrictivedep',
      `grafanaDependency ${range} caps the Grafana version; use a lower bound such as >=12.0.0`,
    );
  if (!file('module.js')) err('modulejs', 'module.js is missing');
  if (!file('README.md')) err('readme', 'README.md is missing');
  else if (TEMPLATE_README.test(text('README.md')))
    err('templatereadme', 'README.md is still the create-plugin template');
  if (!file('CHANGELOG.md')) err('changelog', 'CHANGELOG.md is missing');
  if (!file('LICENSE')) err('license', 'LICENSE is missing');
  else if (!LICENSES.test(text('LICENSE').trim()))
    err('license', 'the LICENSE is not one the catalog accepts');
  for (const size of ['small', 'large']) {
    const logo = info.logos?.[size];
    if (!logo) err('logos', `info.logos.${size} is missing`);
    else if (!file(logo)) err('metadatapaths', `logo ${logo} is not in the archive`);
  }
  for (const s of info.screenshots ?? [])
    if (!file(s.path)) err('metadatapaths', `screenshot ${s.path} is not in the archive`);
  if (!info.screenshots?.length) warn('screenshots', 'no screenshots for the catalog');
  if (!info.description) warn('discoverability', 'info.description is empty');
  if (!info.keywords?.length) warn('discoverability', 'info.keywords is empty');
  for (const link of info.links ?? [])
    if (!/^https:\/\//.test(link.url ?? '')) err('safelinks', `link ${link.url} is not https`);
  checkBackend(meta, files, root, modes, err);
  for (const route of meta.routes ?? []) {
    if (route.reqRole && !ROLES.has(route.reqRole))
      err('metadatavalid', `route ${route.path}: reqRole ${route.reqRole} is not Viewer, Editor or Admin`);
    if (!route.url) err('metadatavalid', `route ${route.path} has no url`);
  }
  if (meta.type === 'app') checkApp(meta, err);
  for (const dep of meta.dependencies?.plugins ?? []) {
    const what = `dependencies.plugins entry ${JSON.stringify(dep)}`;
    if (!ID.test(dep.id ?? '')) err('metadatavalid', `${what}: id is not <org>-<name>-<type>`);
    else if (!PLUGIN_TYPES.has(dep.type) || !dep.id.endsWith(`-${dep.type}`))
      err('metadatavalid', `${what}: type must be app, panel or datasource and end its id`);
    if (!dep.name) err('metadatavalid', `${what}: name is missing`);
    if (!semver.valid(dep.version ?? '') && !semver.validRange(dep.version ?? ''))
      err('metadatavalid', `${what}: version is not a version or range`);
  }
  for (const [name, body] of files) {
    if (name.endsWith('.svg') && SVG_FORBIDDEN.some((r) => r.test(body.toString('utf8'))))
      err('unsafesvg', `${name} has script or event attributes`);
    if (name.endsWith('.js')) {
      const js = body.toString('utf8');
      if (TRACKERS.some((r) => r.test(js))) err('trackingscripts', `${name} loads a tracking script`);
      if (/angular\.module\(|\bPanelCtrl\b|\bQueryCtrl\b/.test(js))
        err('legacyplatform', `${name} uses AngularJS`);
    }
  }
  if (!file('MANIFEST.txt'))
    warn(
      'signature',
      'the plugin is unsigned: Grafana loads it only when allow_loading_unsigned_plugins names it',
    );
  return { errors, warnings };
}

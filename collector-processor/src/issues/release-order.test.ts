import { compareReleases, releaseSemver, ReleaseOrder, type ReleaseInfo } from './release-order';

const T = Date.UTC(2026, 0, 1);

describe('releaseSemver', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2', '1.2.0'],
    ['V3', '3.0.0'],
    ['1.2.3-beta.1', '1.2.3-beta.1'],
    ['my-app@2.0.1+build.7', '2.0.1'],
    ['2024.06.01', '2024.6.1'],
    ['42', '42.0.0'],
    ['4b825dc642cb6eb9a060e54bf8d69288fbee4904', null],
    ['1.2.3.4', null],
    ['release-candidate', null],
    ['1.2.3-01', null], // a numeric pre-release identifier with a leading zero is not semver
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(releaseSemver(input)?.version ?? null).toBe(expected);
  });
});

describe('compareReleases', () => {
  const r = (version: string, createdAt?: number, firstSeen?: number): ReleaseInfo => ({
    version,
    createdAt,
    firstSeen,
  });
  it.each<[string, ReleaseInfo, ReleaseInfo, -1 | 0 | 1]>([
    ['semver precedence', r('1.2.3'), r('1.10.0'), -1],
    ['pre-release is older than its release', r('1.2.3-beta.1'), r('1.2.3'), -1],
    ['pre-releases by identifier', r('1.2.3-beta.2'), r('1.2.3-beta.10'), -1],
    ['v prefix and missing parts', r('v1.2'), r('1.1.9'), 1],
    ['package prefix', r('web@2.0.0'), r('web@10.0.0'), -1],
    ['semver wins over time', r('2.0.0', T), r('1.0.0', T + 1000), 1],
    ['git SHAs by registration time', r('deadbeef', T + 5), r('cafebabe', T), 1],
    ['mixed semver and SHA by time', r('1.0.0', T + 5), r('cafebabe', T), 1],
    ['first seen when not registered', r('abc', undefined, T), r('def', undefined, T + 1), -1],
    ['the earlier of registered and first seen', r('abc', T + 10, T), r('def', T + 5), -1],
    ['build metadata only: by time', r('1.0.0+a', T + 1), r('1.0.0+b', T), 1],
    ['no time known: numeric-aware string order', r('build-9'), r('build-10'), -1],
    ['same string', r('1.0.0', T), r('1.0.0', T + 9), 0],
    ['empty release is oldest', r(''), r('0.0.1'), -1],
    ['named release beats empty', r('x'), r(''), 1],
  ])('%s', (_name, a, b, expected) => {
    expect(Math.sign(compareReleases(a, b))).toBe(expected);
    expect(Math.sign(compareReleases(b, a))).toBe(expected === 0 ? 0 : -expected);
  });
});

describe('ReleaseOrder', () => {
  const order = new ReleaseOrder(
    new Map<string, ReleaseInfo>([
      ['1.0.0', { version: '1.0.0', createdAt: T }],
      ['1.1.0', { version: '1.1.0', firstSeen: T + 1 }],
      ['1.1.0-rc.1', { version: '1.1.0-rc.1', createdAt: T + 2 }],
      ['', { version: '', firstSeen: T - 5 }],
    ]),
  );
  it('names the newest known release', () => expect(order.newest()).toBe('1.1.0'));
  it('sorts newest first', () =>
    expect(order.sortDescending(['1.0.0', '1.1.0-rc.1', '1.1.0'])).toEqual(['1.1.0', '1.1.0-rc.1', '1.0.0']));
  it.each([
    ['1.2.0', '1.1.0', true],
    ['1.1.0', '1.1.0', false],
    ['1.0.0', '1.1.0', false],
    ['', '1.0.0', false],
  ])('isNewer(%j, %j) = %j', (a, b, expected) => expect(order.isNewer(a, b)).toBe(expected));
  it('an empty project has no newest release', () => expect(new ReleaseOrder(new Map()).newest()).toBe(''));
});

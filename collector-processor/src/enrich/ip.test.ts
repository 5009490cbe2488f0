import { clientIpOf, IP_ATTRIBUTE_KEYS, isPublicIp, normaliseIp, takeForwardedIp } from './ip';

describe('normaliseIp', () => {
  it.each([
    ['8.8.8.8', '8.8.8.8'],
    [' 8.8.8.8 ', '8.8.8.8'],
    ['::ffff:8.8.8.8', '8.8.8.8'],
    ['::FFFF:127.0.0.1', '127.0.0.1'],
    ['2001:4860:4860::8888', '2001:4860:4860::8888'],
    ['2001:4860:4860::ABCD', '2001:4860:4860::abcd'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['example.com', ''],
    ['8.8.8.8:443', ''],
    ['', ''],
    [undefined, ''],
  ])('%p → %p', (raw, expected) => {
    expect(normaliseIp(raw)).toBe(expected);
  });
});

describe('isPublicIp', () => {
  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['127.0.0.5', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['169.254.1.1', false],
    ['0.0.0.0', false],
    ['203.0.113.7', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['2001:db8::1', false],
    ['not-an-ip', false],
  ])('%s → %p', (ip, expected) => {
    expect(isPublicIp(ip)).toBe(expected);
  });
});

describe('clientIpOf: a collector hop may name the browser, an internet sender may not', () => {
  it.each([
    ['public sender, no attribute', '8.8.8.8', '', '8.8.8.8'],
    ['public sender ignores a claimed client.address', '8.8.8.8', '1.1.1.1', '8.8.8.8'],
    ['private sender (collector) → client.address', '10.0.0.7', '1.1.1.1', '1.1.1.1'],
    ['loopback sender (collector) → client.address', '127.0.0.1', '1.1.1.1', '1.1.1.1'],
    ['no sender → client.address', '', '1.1.1.1', '1.1.1.1'],
    ['private sender without attribute stays', '192.168.0.2', '', '192.168.0.2'],
  ])('%s', (_name, sender, forwarded, expected) => {
    expect(clientIpOf(sender, forwarded)).toBe(expected);
  });
});

describe('takeForwardedIp', () => {
  it('removes every IP attribute and returns the normalised client.address', () => {
    const attributes: Record<string, string> = { 'page.kind': 'home' };
    for (const key of IP_ATTRIBUTE_KEYS) attributes[key] = '::ffff:1.2.3.4';
    expect(takeForwardedIp(attributes)).toBe('1.2.3.4');
    expect(attributes).toEqual({ 'page.kind': 'home' });
  });

  it('a host name in client.address is dropped, not used', () => {
    const attributes = { 'client.address': 'proxy.internal' };
    expect(takeForwardedIp(attributes)).toBe('');
    expect(attributes).toEqual({});
  });
});

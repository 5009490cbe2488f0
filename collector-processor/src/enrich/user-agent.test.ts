import {
  cachedUserAgentParser,
  isBotUserAgent,
  isForwarderUserAgent,
  parseUserAgent,
  type ParsedUserAgent,
} from './user-agent';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
  firefoxUbuntu: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  samsungTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  chromeOs:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  googlebotSmartphone:
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.204 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  curl: 'curl/8.5.0',
  headlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36',
};

const row = (
  browserName: string,
  browserVersion: string,
  osName: string,
  osVersion: string,
  deviceType: string,
  isBot = false,
): ParsedUserAgent => ({ browserName, browserVersion, osName, osVersion, deviceType, isBot });

describe('parseUserAgent', () => {
  it.each<[keyof typeof UA, ParsedUserAgent]>([
    // Names as client hints spell them; Chromium versions reduced to the major, as hints give them.
    ['chromeWindows', row('Google Chrome', '131', 'Windows', '10', 'desktop')],
    ['chromeMac', row('Google Chrome', '131', 'macOS', '10.15.7', 'desktop')],
    ['safariIphone', row('Safari', '17.5', 'iOS', '17.5', 'mobile')],
    ['safariIpad', row('Safari', '17.5', 'iOS', '17.5', 'tablet')],
    ['safariMac', row('Safari', '17.6', 'macOS', '10.15.7', 'desktop')],
    ['firefoxAndroid', row('Firefox', '128.0', 'Android', '14', 'mobile')],
    ['firefoxUbuntu', row('Firefox', '133.0', 'Linux', '', 'desktop')],
    ['samsung', row('Samsung Internet', '25', 'Android', '14', 'mobile')],
    ['samsungTablet', row('Samsung Internet', '23', 'Android', '13', 'tablet')],
    ['edge', row('Microsoft Edge', '131', 'Windows', '10', 'desktop')],
    ['chromeOs', row('Google Chrome', '131', 'Chrome OS', '14541.0.0', 'desktop')],
    ['googlebot', row('', '', '', '', '', true)],
    ['googlebotSmartphone', row('Google Chrome', '131', 'Android', '6.0.1', 'mobile', true)],
    ['curl', row('', '', '', '', '', true)],
    ['headlessChrome', row('Chrome Headless', '131.0.6778.33', 'Linux', '', 'desktop', true)],
  ])('%s', (name, expected) => {
    expect(parseUserAgent(UA[name])).toEqual(expected);
  });

  it('an empty user agent is nothing, and no bot', () => {
    expect(parseUserAgent('')).toEqual(row('', '', '', '', ''));
  });
});

describe('isBotUserAgent', () => {
  it.each([
    [UA.chromeWindows, false],
    [UA.googlebot, true],
    [UA.curl, true],
    [UA.headlessChrome, true],
    ['Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36 Playwright/1.50', true],
    ['', false],
  ])('%s → %p', (ua, expected) => {
    expect(isBotUserAgent(ua)).toBe(expected);
  });
});

describe('isForwarderUserAgent', () => {
  it.each([
    ['OpenTelemetry Collector Contrib/0.162.0 (linux/amd64)', true],
    [
      'PulseTrace edge OpenTelemetry Collector (browser OTLP/HTTP -> pulsetrace-processor)/0.1.0 (linux/amd64)',
      true,
    ],
    ['OTel-OTLP-Exporter-JavaScript/0.200.0', true],
    [UA.chromeWindows, false],
    [UA.curl, false],
  ])('%s → %p', (ua, expected) => {
    expect(isForwarderUserAgent(ua)).toBe(expected);
  });
});

describe('cachedUserAgentParser', () => {
  it('returns the same result object for a repeated user agent and equal results to parseUserAgent', () => {
    const parse = cachedUserAgentParser(2);
    const first = parse(UA.edge);
    expect(parse(UA.edge)).toBe(first);
    expect(first).toEqual(parseUserAgent(UA.edge));
  });

  it('evicts beyond its size', () => {
    const parse = cachedUserAgentParser(1);
    const edge = parse(UA.edge);
    parse(UA.curl);
    expect(parse(UA.edge)).not.toBe(edge);
  });
});

import { isSilenced, matches, SilenceInput, silenceView, type Silence } from './silence';

const labels = { alertname: 'LCP', route: '/checkout', severity: 'high' };

describe('matchers', () => {
  it.each([
    ['=', 'route', '/checkout', true],
    ['=', 'route', '/cart', false],
    ['!=', 'route', '/cart', true],
    ['=~', 'route', '/check.*', true],
    ['=~', 'route', 'check', false], // anchored, as Alertmanager's
    ['!~', 'severity', 'low|info', true],
    ['=', 'missing', '', true], // an absent label is the empty string
  ] as const)('%s %s %s → %s', (op, name, value, expected) => {
    expect(matches({ name, op, value }, labels)).toBe(expected);
  });
});

describe('silences', () => {
  const s: Silence = {
    id: '1',
    projectId: 'p',
    matchers: [
      { name: 'alertname', op: '=', value: 'LCP' },
      { name: 'route', op: '=~', value: '/check.*' },
    ],
    startsAt: 100,
    endsAt: 200,
    createdBy: 'me',
    comment: '',
    createdAt: 50,
  };
  it.each([
    [99, labels, false, 'not started'],
    [100, labels, true, 'active'],
    [199, labels, true, 'active'],
    [200, labels, false, 'expired'],
    [150, { ...labels, route: '/cart' }, false, 'one matcher fails'],
  ])('at %d → %s (%s)', (now, l, expected) => {
    expect(isSilenced([s], l, now)).toBe(expected);
  });
  it('status in the API view', () => {
    expect(silenceView(s, 50).status).toBe('pending');
    expect(silenceView(s, 150).status).toBe('active');
    expect(silenceView(s, 250).status).toBe('expired');
  });
  it.each([
    [{ matchers: [], endsAt: '2030-01-01T00:00:00Z' }, /at least one matcher/],
    [
      { matchers: [{ name: 'a', op: '=~', value: '(' }], endsAt: '2030-01-01T00:00:00Z' },
      /not a valid regular expression/,
    ],
    [{ matchers: [{ name: 'a', value: 'x' }], endsAt: 'tomorrow' }, /ISO 8601/],
    [{ matchers: [{ name: '1a', value: 'x' }], endsAt: '2030-01-01T00:00:00Z' }, /label name/],
  ])('bad input %j: %s', (body, message) => {
    const r = SilenceInput.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(' ')).toMatch(message);
  });
});

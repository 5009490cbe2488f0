import { maskUrl, mergeReceiver, receiverView } from './receiver-view';

const HOOK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';

describe('receiverView', () => {
  it.each([
    [
      { type: 'slack' as const, name: 's', url: HOOK, channel: '#ops' },
      { type: 'slack', name: 's', url: 'https://hooks.slack.com/…(set)', channel: '#ops' },
    ],
    [
      {
        type: 'webhook' as const,
        name: 'w',
        url: 'https://x.example/hook?token=abc',
        secret: 'whsec_0123456789abcdef',
        headers: { 'X-Key': 'k' },
        maxAttempts: 3,
      },
      {
        type: 'webhook',
        name: 'w',
        url: 'https://x.example/…(set)',
        secretSet: true,
        headers: { 'X-Key': '(set)' },
        maxAttempts: 3,
      },
    ],
    [
      {
        type: 'alertmanager' as const,
        name: 'a',
        url: 'http://user:pw@am:9093',
        bearerToken: 't0ken',
        resendDelay: '30s',
      },
      {
        type: 'alertmanager',
        name: 'a',
        url: 'http://am:9093/…(set)',
        resendDelay: '30s',
        bearerTokenSet: true,
        basicAuthSet: false,
      },
    ],
  ])('shows no secret %#', (r, view) => {
    expect(receiverView(r)).toEqual(view);
    for (const secret of ['XXXXXXXX', 'token=abc', 'whsec_', 'pw@', 't0ken', '"k"'])
      expect(JSON.stringify(receiverView(r))).not.toContain(secret);
  });
  it('masks an unparsable URL whole', () => expect(maskUrl('not a url')).toBe('(set)'));
});

describe('mergeReceiver', () => {
  const stored = {
    type: 'webhook' as const,
    name: 'w',
    url: 'https://x.example/h',
    secret: 'whsec_0123456789abcdef',
    maxAttempts: 8,
  };
  it('keeps stored secrets the body leaves out (same type)', () => {
    expect(mergeReceiver('w', { type: 'webhook', maxAttempts: 3 }, stored)).toEqual({
      receiver: { ...stored, maxAttempts: 3 },
    });
  });
  it('does not carry secrets over to another type', () => {
    expect(mergeReceiver('w', { type: 'slack' }, stored)).toHaveProperty('issues');
  });
  it('refuses a body naming another receiver', () => {
    expect(mergeReceiver('w', { type: 'slack', name: 'x', url: HOOK }, undefined)).toEqual({
      error: expect.stringContaining('differs from the path'),
    });
  });
});

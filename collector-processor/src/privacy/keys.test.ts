import { KeyPolicy, isSecretKey, keyWords } from './keys';

describe('keyWords', () => {
  it.each([
    ['x-api-key', ['x', 'api', 'key']],
    ['apiKey', ['api', 'key']],
    ['API_KEY', ['api', 'key']],
    ['HTTPAuthToken', ['http', 'auth', 'token']],
    ['http.request.header.authorization', ['http', 'request', 'header', 'authorization']],
    ['session.id', ['session', 'id']],
  ])('%s → %j', (key, words) => expect(keyWords(key)).toEqual(words));
});

describe('isSecretKey (built-in names)', () => {
  it.each([
    ['password', true],
    ['user.password', true],
    ['newPassword', true],
    ['passwordHash', true],
    ['mysql_pwd', true],
    ['client_secret', true],
    ['clientsecret', true],
    ['access_token', true],
    ['accessToken', true],
    ['X-CSRF-Token', true],
    ['x-api-key', true],
    ['apikey', true],
    ['private_key', true],
    ['aws.secret_access_key', true],
    ['session_key', true],
    ['credentials', true],
    ['Authorization', true],
    ['http.request.header.cookie', true],
    ['credit_card', true],
    ['card.number', true],
    ['cvv', true],
    ['ssn', true],
    ['otp', true],
    ['X-Amz-Signature', true],
    ['sig', true],
    // Our own columns and OTel keys, and words that only contain a secret word.
    ['session.id', false],
    ['session.previous_id', false],
    ['pulsetrace.exception.fingerprint', false],
    ['pulsetrace.exception.debug_ids', false],
    ['browser.web_vital.rating', false],
    ['http.response.status_code', false],
    ['gen_ai.usage.input_tokens', false],
    ['author', false],
    ['auth.method', false],
    ['cookie.consent.version', false],
    ['keyboard.layout', false],
    ['key', false],
    ['tokenizer', false],
    ['card.brand', false],
    ['user.id', false],
    ['email', false], // emails are caught by value, wherever they are stored
  ])('%s → %s', (key, want) => expect(isSecretKey(key)).toBe(want));
});

describe('KeyPolicy.mayMatch: the pre-check never hides a key the rules replace', () => {
  const policy = new KeyPolicy({ denyKeys: ['Internal'], allowKeys: [] });
  const secretKeys = [
    'password',
    'passwd',
    'pwd',
    'passphrase',
    'secret',
    'token',
    'credentials',
    'apikey',
    'privatekey',
    'accesskey',
    'secretkey',
    'sessionkey',
    'creditcard',
    'cardnumber',
    'ccnumber',
    'ccnum',
    'cvv',
    'cvc',
    'ssn',
    'api_key',
    'auth_key',
    'cc_num',
    'security_code',
    'account_number',
    'auth',
    'authorization',
    'cookie',
    'otp',
    'pin',
    'sig',
    'signature',
    'x_internal_ref',
  ];
  it.each(secretKeys)('%s', (key) => {
    expect(policy.replacement(key)).toBeDefined();
    expect(policy.mayMatch(`${key}=x`)).toBe(true);
  });
  it('is false for text without any such word', () => {
    expect(
      policy.mayMatch(
        "TypeError: Cannot read properties of undefined (reading 'id') at https://x.example/a.js:1:2",
      ),
    ).toBe(false);
  });
});

describe('KeyPolicy (project denyKeys / allowKeys)', () => {
  const policy = new KeyPolicy({
    denyKeys: ['Internal', 'customer_'],
    allowKeys: ['token_type', 'Customer_Note'],
  });
  it.each([
    ['password', '[secret]'],
    ['internal.ref', '[filtered]'], // substring, case-insensitive
    ['x.INTERNAL', '[filtered]'],
    ['customer_name', '[filtered]'],
    ['customer_note', undefined], // allowKeys win over denyKeys: the exact name is more specific
    ['token_type', undefined], // …and over the built-in names
    ['TOKEN_TYPE', undefined],
    ['oauth.token_type', '[secret]'], // allowKeys are exact names
    ['page', undefined],
    ['', undefined],
  ])('%s → %s', (key, want) => expect(policy.replacement(key)).toBe(want));

  it('uses only the built-in names without settings', () => {
    const none = new KeyPolicy({ denyKeys: [], allowKeys: [] });
    expect([none.replacement('api_key'), none.replacement('internal.ref')]).toEqual(['[secret]', undefined]);
  });
});

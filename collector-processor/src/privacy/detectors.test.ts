import { PLACEHOLDER, scrubPatterns } from './detectors';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx3Z\nq9Lw==\n-----END RSA PRIVATE KEY-----';
const BASIC = Buffer.from('alice:hunter2').toString('base64');

// Each row: input, expected output. Rows whose output equals the input are the precision cases.
describe.each<[string, [string, string][]]>([
  [
    'email',
    [
      ['Contact alice.smith+shop@example.co.uk now', 'Contact [email] now'],
      ['user=bob_99@mail.example.com', 'user=[email]'],
      ['q=alice%40example.com&x=1', 'q=[email]&x=1'], // URL-encoded @
      ['import "@pulsetrace/web"', 'import "@pulsetrace/web"'], // a scoped package
      ['node_modules/react@18.2.0/index.js', 'node_modules/react@18.2.0/index.js'],
    ],
  ],
  [
    'creditcard',
    [
      ['card 4111 1111 1111 1111 declined', 'card [creditcard] declined'],
      ['pan=5555-5555-5555-4444', 'pan=[creditcard]'],
      ['amex 378282246310005.', 'amex [creditcard].'],
      ['qty 2 4111 1111 1111 1111', 'qty 2 [creditcard]'], // a card inside a longer digit run
      ['4111111111111111 5500000000000004', '[creditcard] [creditcard]'],
      ['amex 3782 822463 10005 ok', 'amex [creditcard] ok'], // 4-6-5 grouping
      ['list 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6', 'list 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6'], // not card groups
      ['card 4111 1111 1111 1112 declined', 'card 4111 1111 1111 1112 declined'], // Luhn fails
      ['at 1763780000123 ms', 'at 1763780000123 ms'], // epoch ms that passes Luhn
      ['random 0.4532015112830366', 'random 0.4532015112830366'], // a float's digits
      ['sha 4111111111111111ab', 'sha 4111111111111111ab'], // inside a hex string
      ['order 9000000000000001', 'order 9000000000000001'],
    ],
  ],
  [
    'iban',
    [
      ['pay to DE89 3704 0044 0532 0130 00 EUR', 'pay to [iban] EUR'],
      ['iban GB82WEST12345698765432.', 'iban [iban].'],
      ['ref DE89370400440532013001', 'ref DE89370400440532013001'], // mod 97 fails
    ],
  ],
  [
    'ssn',
    [
      ['SSN 123-45-6789 on file', 'SSN [ssn] on file'],
      ['id 666-12-3456', 'id 666-12-3456'], // never assigned
      ['on 2024-01-15', 'on 2024-01-15'],
      ['call 555-123-4567', 'call 555-123-4567'],
    ],
  ],
  [
    'ip',
    [
      ['from 203.0.113.7, via 10.0.0.1.', 'from [ip], via [ip].'],
      ['peer [2001:db8::1]:443', 'peer [[ip]]:443'],
      ['addr 2001:db8::1: refused', 'addr [ip]: refused'],
      ['mapped ::ffff:192.0.2.1 ok', 'mapped [ip] ok'],
      ['link fe80::1%eth0', 'link [ip]%eth0'],
      ['Mozilla/5.0 Chrome/120.0.6099.109 Safari/537.36', 'Mozilla/5.0 Chrome/120.0.6099.109 Safari/537.36'],
      ['Edg/120.1.2.3 build', 'Edg/120.1.2.3 build'], // product version token
      ['localhost 127.0.0.1 and ::1', 'localhost 127.0.0.1 and ::1'],
      ['v1.2.3.4 and 1.2.3.4.5', 'v1.2.3.4 and 1.2.3.4.5'],
      ['at 12:30:45 mac 00:1a:2b:3c:4d:5e', 'at 12:30:45 mac 00:1a:2b:3c:4d:5e'],
      ['std::vector<int>', 'std::vector<int>'],
    ],
  ],
  [
    'bearer, basic, url auth',
    [
      ['Authorization: Bearer abcDEF123456789._-~+/ ok', 'Authorization: [bearer] ok'],
      ['header "Bearer undefined"', 'header "Bearer undefined"'],
      [`Authorization: Basic ${BASIC}`, 'Authorization: [basicauth]'],
      ['Basic membership plan', 'Basic membership plan'],
      ['GET https://bob:hunter2@api.example.com/x', 'GET https://[urlauth]@api.example.com/x'],
      ['redis://:s3cret@cache:6379', 'redis://[urlauth]@cache:6379'],
      ['https://api.example.com/x@2x.png', 'https://api.example.com/x@2x.png'],
    ],
  ],
  [
    'jwt, api keys, pem',
    [
      [`token ${JWT} expired`, 'token [jwt] expired'],
      [`cut ${JWT.slice(0, 60)}`, 'cut [jwt]'], // truncated by a length cap
      ['aws AKIAIOSFODNN7EXAMPLE.', 'aws [apikey].'],
      ['gh ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'gh [apikey]'],
      ['stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'stripe [apikey]'],
      ['slack xoxb-1234567890-abcdefghij', 'slack [apikey]'],
      ['pk_live_4eC39HqLyjWDarjtT1zdp7dc', 'pk_live_4eC39HqLyjWDarjtT1zdp7dc'], // publishable key
      [`key:\n${PEM}\nend`, 'key:\n[pemkey]\nend'],
      ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq', '[pemkey]'], // cut off, no END line
      ['-----BEGIN CERTIFICATE-----', '-----BEGIN CERTIFICATE-----'],
    ],
  ],
  [
    'userpath',
    [
      ['at f (/Users/alice/proj/app.ts:1:2)', 'at f (/Users/[user]/proj/app.ts:1:2)'],
      ['C:\\Users\\bob\\app\\x.js', 'C:\\Users\\[user]\\app\\x.js'],
      ['file:///C:/Users/bob/app/x.js', 'file:///C:/Users/[user]/app/x.js'],
      ['open /home/carol/.config/app.json', 'open /home/[user]/.config/app.json'],
      ['webpack:///home/dave/src/x.ts', 'webpack:///home/[user]/src/x.ts'],
      ['https://site.example/home/feed/x', 'https://site.example/home/feed/x'], // a web route
      ['GET /home/feed', 'GET /home/feed'],
    ],
  ],
])('%s', (_name, rows) => {
  it.each(rows)('%j → %j', (input, want) => expect(scrubPatterns(input)).toBe(want));
});

describe('options and fast paths', () => {
  it('leaves home directories when userPaths is off (http URL paths)', () => {
    expect(scrubPatterns('/home/alice/x', { userPaths: false })).toBe('/home/alice/x');
  });
  it.each(['', 'a@b.c', 'short'])('returns short string %j as is', (s) => expect(scrubPatterns(s)).toBe(s));
  it('returns the same string when nothing matched', () => {
    const s = "TypeError: Cannot read properties of undefined (reading 'id')";
    expect(scrubPatterns(s)).toBe(s);
  });
  it('uses typed placeholders', () => {
    expect(Object.values(PLACEHOLDER).every((p) => /^\[[a-z]+\]$/.test(p))).toBe(true);
  });
});

import {
  isBasicCredentials,
  isCardNumber,
  isIban,
  isIpv6,
  isNonPersonalIpv4,
  isNonPersonalIpv6,
  isUsSsn,
  luhnValid,
} from './validators';

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['4111 1111 1111 1111', true], // separators are ignored
    ['4111111111111112', false],
    ['79927398713', true], // the textbook example
    ['79927398710', false],
    ['', false],
  ])('%s → %s', (s, want) => expect(luhnValid(s)).toBe(want));
});

describe('isCardNumber: network prefix, length, Luhn', () => {
  it.each([
    ['4111111111111111', true, 'Visa 16'],
    ['4222222222222', true, 'Visa 13'],
    ['5555555555554444', true, 'Mastercard'],
    ['2223003122003222', true, 'Mastercard 2-series'],
    ['378282246310005', true, 'Amex'],
    ['6011111111111117', true, 'Discover'],
    ['3530111333300000', true, 'JCB'],
    ['30569309025904', true, 'Diners 14'],
    ['6200000000000005', true, 'UnionPay'],
    ['4111111111111112', false, 'Luhn fails'],
    ['1763780000123', false, 'epoch ms passing Luhn: no card network starts with 1'],
    ['9000000000000001', false, 'order id passing Luhn with a non-card prefix'],
    ['5901234123457', false, 'EAN-13 barcode passing Luhn: 13 digits are Visa only'],
    ['378282246310005'.slice(0, 14), false, 'Amex prefix with the wrong length'],
    ['0000000000000000', false, 'one repeated digit'],
    ['411111111111', false, 'too short'],
    ['41111111111111111111', false, 'too long'],
    ['4111-1111-1111-1111', false, 'digits only: the detector strips separators'],
  ])('%s → %s (%s)', (digits, want) => expect(isCardNumber(digits)).toBe(want));
});

describe('isIban: registered country, length, mod 97', () => {
  it.each([
    ['DE89370400440532013000', true],
    ['DE89 3704 0044 0532 0130 00', true],
    ['GB82WEST12345698765432', true],
    ['FR1420041010050500013M02606', true],
    ['NL91ABNA0417164300', true],
    ['de89370400440532013000', true], // lower case is still the number
    ['DE89370400440532013001', false], // check digits fail
    ['DE8937040044053201300', false], // German IBANs are 22 long
    ['ZZ89370400440532013000', false], // no such country
    ['AB12CDEF1234567890', false],
  ])('%s → %s', (s, want) => expect(isIban(s)).toBe(want));
});

describe('isUsSsn: shape and assigned ranges', () => {
  it.each([
    ['123-45-6789', true],
    ['078-05-1120', true],
    ['000-12-3456', false],
    ['666-12-3456', false],
    ['900-12-3456', false],
    ['123-00-4567', false],
    ['123-45-0000', false],
    ['123456789', false],
    ['2024-01-15', false],
  ])('%s → %s', (s, want) => expect(isUsSsn(s)).toBe(want));
});

describe('non-personal addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['0.0.0.0', true],
    ['255.255.255.0', true],
    ['120.0.0.0', true], // a network, and Chrome's reduced version string
    ['203.0.113.7', false],
    ['10.1.2.3', false], // private, but can still single out a device
  ])('IPv4 %s → %s', (ip, want) => expect(isNonPersonalIpv4(ip)).toBe(want));

  it.each([
    ['::1', true],
    ['::', true],
    ['0:0:0:0:0:0:0:1', true],
    ['2001:db8::1', false],
    ['fe80::1', false],
  ])('IPv6 %s → %s', (ip, want) => expect(isNonPersonalIpv6(ip)).toBe(want));

  it.each([
    ['2001:db8::1', true],
    ['::ffff:192.0.2.1', true],
    ['12:30:45', false],
    ['00:1a:2b:3c:4d:5e', false], // a MAC address
    ['2001:db8::1:', false],
  ])('isIpv6 %s → %s', (s, want) => expect(isIpv6(s)).toBe(want));
});

describe('isBasicCredentials: base64 of user:password', () => {
  it.each([
    [Buffer.from('alice:hunter2').toString('base64'), true],
    [Buffer.from('svc:').toString('base64'), true],
    ['bWVtYmVyc2hpcA==', false], // "membership": no colon
    ['membership', false], // not base64 of printable text with a colon
    ['abc', false],
  ])('%s → %s', (s, want) => expect(isBasicCredentials(s)).toBe(want));
});

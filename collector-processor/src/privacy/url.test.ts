import { defaultSettings } from '../projects/settings';
import { Scrubber } from './scrubber';
import { looksLikeUrl } from './url';

const s = new Scrubber(defaultSettings().scrubbing);

describe('scrubbing URLs part by part', () => {
  it.each([
    ['https://bob:hunter2@shop.example/cart', 'https://[urlauth]@shop.example/cart'],
    [
      'https://shop.example/reset?email=alice%40example.com&page=2',
      'https://shop.example/reset?email=[email]&page=2',
    ],
    [
      'https://shop.example/login?password=hunter2&remember=1',
      'https://shop.example/login?password=[secret]&remember=1',
    ],
    [
      'https://shop.example/s?q=call%20me%20alice%40example.com',
      'https://shop.example/s?q=call%20me%20[email]',
    ],
    ['https://shop.example/s?q=call+me+alice%40example.com', 'https://shop.example/s?q=call%20me%20[email]'],
    ['https://shop.example/users/alice@example.com/orders', 'https://shop.example/users/[email]/orders'],
    ['https://shop.example/pay?cc=4111111111111111', 'https://shop.example/pay?cc=[creditcard]'],
    [
      'https://shop.example/cb#access_token=abc123&state=xyz',
      'https://shop.example/cb#access_token=[secret]&state=xyz',
    ],
    ['https://shop.example/#/reset?token=abc123', 'https://shop.example/#/reset?token=[secret]'],
    [
      'https://s3.example/f.pdf?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101&X-Amz-Signature=abcdef0123',
      'https://s3.example/f.pdf?X-Amz-Credential=[secret]&X-Amz-Signature=[secret]',
    ],
    [
      'https://shop.example/login?next=https%3A%2F%2Fshop.example%2Fcb%3Fapi_key%3Dk1',
      'https://shop.example/login?next=https://shop.example/cb?api_key%3D[secret]',
    ],
    ['/api/search?q=alice@example.com&sort=asc', '/api/search?q=[email]&sort=asc'],
    ['file:///Users/alice/proj/app.js', 'file:///Users/[user]/proj/app.js'],
    ['C:\\Users\\bob\\proj\\app.js', 'C:\\Users\\[user]\\proj\\app.js'],
  ])('%s → %s', (url, want) => expect(s.url(url)).toBe(want));

  it.each([
    'https://shop.example/products/12345?utm_source=newsletter&utm_medium=email&ref=mail',
    'http://127.0.0.1:39151/shop/cart?step=1',
    'https://203.0.113.9:8443/api', // the host names the site, not the visitor
    'https://shop.example/home/feed', // a route, not a home directory
    'https://cdn.example/img/logo@2x.png?v=3',
    'https://shop.example/search?q=%E2%9C%93&page=2', // untouched values keep their encoding
    'https://shop.example/a?b&c=&d=%ZZ',
    'https://shop.example/cart?step=2&token=[Filtered]', // the SDK's own placeholder stays
    '',
  ])('leaves %s as is', (url) => expect(s.url(url)).toBe(url));
});

describe('looksLikeUrl', () => {
  it.each([
    ['https://shop.example/x', true],
    ['/api/x?y=1', true],
    ['/api/x', false], // a path without a query is plain text to the text rules
    ['see https://shop.example/x', false],
    ['hello', false],
  ])('%s → %s', (v, want) => expect(looksLikeUrl(v)).toBe(want));
});

import { isIdSegment, normalizePath, routeOf, urlTemplateOf, utmOf } from './url';

describe('normalizePath', () => {
  test.each([
    ['/products/12345', '/products/:id'],
    ['/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301', '/api/orders/:id'],
    ['/commits/9fceb02d0ae598e95dc970b74767f19372d61af8', '/commits/:id'],
    ['/objects/507f1f77bcf86cd799439011', '/objects/:id'],
    ['/t/01ARZ3NDEKTSV4RRFFQ69G5FAV/view', '/t/:id/view'],
    ['/customers/cus_Nf3k92jdQa/edit', '/customers/:id/edit'],
    ['/api/v2/users/42/settings', '/api/v2/users/:id/settings'],
    ['/shop/cart', '/shop/cart'],
    ['/blog/hello-world', '/blog/hello-world'],
    ['/', '/'],
    ['', ''],
  ])('%s -> %s', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  test.each([
    ['user-profile2', false],
    ['v1', false],
    ['2024', true],
    ['a1b2c3d4', true],
  ])('isIdSegment(%s) = %s', (segment, expected) => {
    expect(isIdSegment(segment)).toBe(expected);
  });
});

describe('routeOf / urlTemplateOf / utmOf', () => {
  test.each([
    ['https://x.io/products/12345?q=1#top', '/products/:id'],
    ['https://x.io/#/cart/42', '/cart/:id'],
    ['/orders/77', '/orders/:id'],
    ['not a url', '/not%20a%20url'],
    ['', ''],
  ])('routeOf(%s) = %s', (url, route) => {
    expect(routeOf(url)).toBe(route);
  });

  it('drops the query string from URL templates', () => {
    expect(urlTemplateOf('https://api.x.io/users/12345/orders?limit=5')).toBe('/users/:id/orders');
  });

  it('reads all five UTM parameters', () => {
    expect(
      utmOf('https://x.io/?utm_source=a&utm_medium=b&utm_campaign=c&utm_term=d+e&utm_content=f'),
    ).toEqual({
      utm_source: 'a',
      utm_medium: 'b',
      utm_campaign: 'c',
      utm_term: 'd e',
      utm_content: 'f',
    });
  });
});

import { createPageViewHistory, MAX_PAGE_VIEWS } from './page-view-history';

describe('page view history', () => {
  const history = createPageViewHistory({ id: 'home', url: 'https://a.test/', start: 0 });
  history.add({ id: 'cart', url: 'https://a.test/cart', start: 1000 });
  history.add({ id: 'home2', url: 'https://a.test/', start: 2000 });

  it.each([
    ['before the SDK started (buffered entries)', 0, undefined, 'home'],
    ['during the first route', 999.9, undefined, 'home'],
    ['at a route change', 1000, undefined, 'cart'],
    ['after the last route change', 5000, undefined, 'home2'],
    // A soft navigation's entry starts at the click, before its route's page view.
    ['a soft navigation, by its URL from its start on', 990, 'https://a.test/cart', 'cart'],
    ['the same URL again: the first from then on', 1500, 'https://a.test/', 'home2'],
    ['the hard load at its URL', 0, 'https://a.test/', 'home'],
    ['a URL no page view had: the one current then', 1500, 'https://a.test/other', 'cart'],
  ])('%s', (_, time, url, id) => expect(history.at(time, url).id).toBe(id));

  it(`keeps the last ${MAX_PAGE_VIEWS}`, () => {
    const h = createPageViewHistory({ id: 'v0', url: 'u0', start: 0 });
    for (let i = 1; i <= MAX_PAGE_VIEWS; i++) h.add({ id: `v${i}`, url: `u${i}`, start: i });
    expect(h.at(0).id).toBe('v1');
    expect(h.at(MAX_PAGE_VIEWS).id).toBe(`v${MAX_PAGE_VIEWS}`);
  });
});

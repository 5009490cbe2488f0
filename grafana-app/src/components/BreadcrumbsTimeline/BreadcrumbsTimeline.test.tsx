import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { BreadcrumbsTimeline } from './BreadcrumbsTimeline';
import { beforeError, BreadcrumbRow, breadcrumbKind, inOrder, levelSeverity } from './model';

const AT = Date.UTC(2026, 11, 7, 3, 0, 0);
const crumb = (over: Partial<BreadcrumbRow>): BreadcrumbRow => ({
  time: AT,
  category: 'navigation',
  level: 'info',
  message: '',
  data: '',
  ...over,
});
// Out of order on purpose: the timeline puts them oldest first.
const CRUMBS = [
  crumb({ time: AT - 2600, category: 'click', message: 'button#pay' }),
  crumb({ time: AT - 9000, category: 'navigation', message: '/cart → /checkout' }),
  crumb({
    time: AT - 2400,
    category: 'fetch',
    level: 'error',
    message: 'GET /api/order/summary 503',
    data: '{"status":503}',
  }),
  crumb({ time: AT - 300, category: 'console', level: 'warning', message: 'payment widget not ready' }),
];

describe('BreadcrumbsTimeline', () => {
  it('lists breadcrumbs oldest first with their kind, then the error itself', () => {
    render(
      <BreadcrumbsTimeline
        breadcrumbs={CRUMBS}
        error={{ time: AT, type: 'TypeError', message: 'boom' }}
        timeZone="utc"
      />
    );
    const items = within(screen.getByRole('list', { name: 'Breadcrumbs' })).getAllByRole('listitem');
    expect(items.map((li) => [li.getAttribute('data-kind'), li.getAttribute('aria-label')])).toEqual([
      ['navigation', 'Navigation: /cart → /checkout'],
      ['ui', 'User action: button#pay'],
      ['http', 'HTTP: GET /api/order/summary 503'],
      ['console', 'Console: payment widget not ready'],
      ['exception', 'Exception: TypeError'],
    ]);
    expect(items[0]).toHaveTextContent('02:59:51.000 −9.0 s');
    expect(items[2]).toHaveTextContent('{"status":503}');
  });

  it('says what breadcrumbs are when an event has none', () => {
    render(<BreadcrumbsTimeline breadcrumbs={[]} />);
    expect(screen.getByText(/No breadcrumbs on this event/)).toBeInTheDocument();
  });
});

describe('breadcrumb model', () => {
  it.each([
    ['navigation', 'navigation'],
    ['history', 'navigation'],
    ['fetch', 'http'],
    ['xhr', 'http'],
    ['ui.click', 'ui'],
    ['click', 'ui'],
    ['console', 'console'],
    ['error', 'error'],
    ['custom', 'other'],
    ['', 'other'],
  ])('category %j is a %s breadcrumb', (category, kind) => {
    expect(breadcrumbKind(category)).toBe(kind);
  });

  it.each([
    ['error', 'error'],
    ['fatal', 'error'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['info', 'info'],
    ['', 'info'],
  ])('level %j reads as %s', (level, severity) => {
    expect(levelSeverity(level)).toBe(severity);
  });

  it.each([
    [AT - 300, AT, '−300 ms'],
    [AT - 2600, AT, '−2.6 s'],
    [AT - 150_000, AT, '−2 min 30 s'],
    [AT - 120_000, AT, '−2 min'],
    [AT + 1500, AT, '+1.5 s'],
    [null, AT, ''],
    [AT, undefined, ''],
  ])('%s before an error at %s is %j', (time, at, text) => {
    expect(beforeError(time, at)).toBe(text);
  });

  it('keeps breadcrumbs without a time in place, after the timed ones', () => {
    const rows = [
      crumb({ time: null, message: 'a' }),
      crumb({ time: 2, message: 'b' }),
      crumb({ time: 1, message: 'c' }),
    ];
    expect(inOrder(rows).map((r) => r.message)).toEqual(['c', 'b', 'a']);
  });
});

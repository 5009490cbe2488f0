import React from 'react';
import { fireEvent, render as rtlRender, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom-v5-compat';
import { SessionTimeline } from './SessionTimeline';
import { TimelineRow } from './model';

const T = Date.UTC(2026, 0, 5, 10, 0, 0);
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const row = (o: Partial<TimelineRow>): TimelineRow => ({
  time: T,
  kind: 'page_view',
  name: '/',
  detail: '',
  url: 'https://shop.example/',
  durationMs: null,
  eventId: `e-${o.time ?? T}`,
  traceId: '',
  issueId: '',
  ...o,
});

const ROWS: TimelineRow[] = [
  row({ time: T, kind: 'page_view', name: '/', detail: 'Shop', durationMs: 950 }),
  row({ time: T + 1800, kind: 'web_vital', name: 'LCP', detail: '1800 (good)' }),
  row({
    time: T + 5200,
    kind: 'custom_event',
    name: 'browser.user_action.click',
    detail: '{"browser.css_selector":"button#pay"}',
  }),
  row({
    time: T + 5300,
    kind: 'long_task',
    name: 'BUTTON.onclick',
    detail: 'https://shop.example/app.js',
    durationMs: 240,
  }),
  row({
    time: T + 5400,
    kind: 'http',
    name: 'POST /api/checkout',
    detail: '503 https://api.shop.example/api/checkout',
    durationMs: 1250,
    traceId: TRACE,
  }),
  row({
    time: T + 6700,
    kind: 'error',
    name: 'TypeError',
    detail: 'x is undefined',
    issueId: 'fp-checkout',
    traceId: TRACE,
  }),
  row({ time: T + 8000, kind: 'web_vital', name: 'CLS', detail: '0.31 (poor)' }),
];

// TextLink's internal links are router links: Grafana renders the app inside its router.
const Router = MemoryRouter as unknown as React.ComponentType<{ children?: React.ReactNode }>;
const render = (ui: React.ReactElement) => rtlRender(ui, { wrapper: Router });

const items = () => within(screen.getByRole('list', { name: 'Session timeline' })).getAllByRole('listitem');

describe('SessionTimeline', () => {
  it('lists every event in order with its time since the start, kind and title', () => {
    render(<SessionTimeline rows={ROWS} timeZone="utc" />);
    expect(items().map((li) => li.getAttribute('aria-label'))).toEqual([
      '+0.0 s Page view: /',
      '+1.8 s Web vital: LCP 1.80 s',
      '+5.2 s Click: Click on button#pay',
      '+5.3 s Long task: BUTTON.onclick',
      '+5.4 s HTTP: POST /api/checkout',
      '+6.7 s Error: TypeError',
      '+8.0 s Web vital: CLS 0.31',
    ]);
    expect(items().map((li) => li.dataset.kind)).toEqual([
      'page_view',
      'web_vital',
      'click',
      'long_task',
      'http',
      'error',
      'web_vital',
    ]);
    expect(screen.getByText(/2026-01-05 10:00:00 · 7 events over 8\.00 s/)).toBeInTheDocument();
    expect(
      screen.getByText('1 page view · 1 click · 1 HTTP call (1 failed) · 1 error · 2 vitals · 1 long task')
    ).toBeInTheDocument();
  });

  it('shows durations, the failed status and vital ratings', () => {
    render(<SessionTimeline rows={ROWS} />);
    const [pageView, lcp, , longTask, http, , cls] = items();
    expect(within(pageView!).getByText('950 ms')).toBeInTheDocument();
    expect(within(longTask!).getByText('240 ms')).toBeInTheDocument();
    expect(within(http!).getByText('1.25 s')).toBeInTheDocument();
    expect(within(http!).getByText('503')).toBeInTheDocument();
    expect(within(lcp!).getByText('good')).toBeInTheDocument();
    expect(within(cls!).getByText('poor')).toBeInTheDocument();
  });

  it('links an error to its issue, and traces to Tempo only when there is a Tempo data source', () => {
    const { rerender } = render(<SessionTimeline rows={ROWS} />);
    expect(screen.getByRole('link', { name: 'TypeError' })).toHaveAttribute(
      'href',
      '/a/pulsetrace-app/issues/fp-checkout'
    );
    expect(screen.queryByRole('link', { name: /Trace/ })).not.toBeInTheDocument();
    rerender(<SessionTimeline rows={ROWS} tempoUid="tempo" issueHref={(id) => `/issue/${id}?var-project=shop`} />);
    expect(screen.getByRole('link', { name: 'TypeError' })).toHaveAttribute(
      'href',
      '/issue/fp-checkout?var-project=shop'
    );
    const traces = screen.getAllByRole('link', { name: /Trace/ });
    expect(traces).toHaveLength(2);
    expect(decodeURIComponent(traces[0]!.getAttribute('href')!)).toContain(`"query":"${TRACE}"`);
  });

  it('is one tab stop; the arrow keys, Home and End move between events', () => {
    render(<SessionTimeline rows={ROWS} />);
    expect(items().map((li) => li.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1]);
    items()[0]!.focus();
    fireEvent.keyDown(items()[0]!, { key: 'ArrowDown' });
    expect(items()[1]).toHaveFocus();
    expect(items()[1]!.tabIndex).toBe(0);
    fireEvent.keyDown(items()[1]!, { key: 'End' });
    expect(items()[6]).toHaveFocus();
    fireEvent.keyDown(items()[6]!, { key: 'ArrowDown' });
    expect(items()[6]).toHaveFocus();
    fireEvent.keyDown(items()[6]!, { key: 'Home' });
    expect(items()[0]).toHaveFocus();
  });

  it('says when the query stopped at its limit, and renders nothing without events', () => {
    const { container, rerender } = render(<SessionTimeline rows={ROWS} limit={7} />);
    expect(screen.getByText(/The first 7 events/)).toBeInTheDocument();
    rerender(<SessionTimeline rows={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});

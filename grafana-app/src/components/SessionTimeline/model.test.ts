import { toDataFrame } from '@grafana/data';
import {
  clickTarget,
  eventKind,
  formatDuration,
  httpFailed,
  httpStatus,
  isTraceId,
  kindCounts,
  relativeTime,
  tempoTraceUrl,
  TimelineRow,
  timelineEvents,
  timelineRows,
  vitalParts,
} from './model';

const row = (o: Partial<TimelineRow>): TimelineRow => ({
  time: 1_000_000,
  kind: 'page_view',
  name: '/',
  detail: '',
  url: 'https://shop.example/',
  durationMs: null,
  eventId: 'e',
  traceId: '',
  issueId: '',
  ...o,
});

describe('session timeline model', () => {
  it.each([
    [0, '+0.0 s'],
    [1234, '+1.2 s'],
    [59_949, '+59.9 s'],
    [61_000, '+1 min 01 s'],
    [3_599_000, '+59 min 59 s'],
    [3_725_000, '+1 h 02 min'],
    [-5, '+0.0 s'],
  ])('%d ms after the start reads %s', (ms, text) => {
    expect(relativeTime(ms)).toBe(text);
  });

  it.each([
    [85, '85 ms'],
    [999.6, '1000 ms'],
    [1250, '1.25 s'],
    [125_000, '2 min 05 s'],
  ])('a %d ms duration reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    ['custom_event', 'browser.user_action.click', 'click'],
    ['custom_event', 'click', 'click'],
    ['custom_event', 'add_to_cart', 'custom_event'],
    ['http', 'GET /api', 'http'],
    ['web_vital', 'LCP', 'web_vital'],
    ['something_new', 'x', 'other'],
  ])('%s named %s is drawn as %s', (kind, name, drawn) => {
    expect(eventKind({ kind, name })).toBe(drawn);
  });

  it.each([
    ['{"browser.css_selector":"button#pay","browser.tag_name":"BUTTON"}', 'button#pay'],
    ['{"target_element":"BUTTON","target_xpath":"//*[@id=\\"buy\\"]"}', '//*[@id="buy"]'],
    ['{"browser.tag_name":"A"}', 'A'],
    ['not json', ''],
    ['[1,2]', ''],
  ])('the click %s targets %s', (detail, target) => {
    expect(clickTarget(detail)).toBe(target);
  });

  it.each([
    ['200 https://api/x', 200, false],
    ['503 https://api/checkout', 503, true],
    ['404 https://api/x', 404, true],
    ['0 TypeError https://api/x', 0, true],
    ['https://api/x', undefined, false],
  ])('HTTP detail %s: status %s, failed %s', (detail, status, failed) => {
    expect(httpStatus(detail)).toBe(status);
    expect(httpFailed(httpStatus(detail))).toBe(failed);
  });

  it.each([
    ['1800 (good)', 1800, 'good'],
    ['0.31 (poor)', 0.31, 'poor'],
    ['380 (needs-improvement)', 380, 'needs-improvement'],
    ['42', 42, undefined],
  ])('vital detail %s is %s, %s', (detail, value, rating) => {
    expect(vitalParts(detail)).toEqual({ value, rating });
  });

  it('describes each kind: title, second line, tone, offset and bar share', () => {
    const events = timelineEvents([
      row({ time: 1_000_000, kind: 'page_view', name: '/checkout', detail: 'Checkout', durationMs: 500 }),
      row({
        time: 1_001_200,
        kind: 'custom_event',
        name: 'browser.user_action.click',
        detail: '{"browser.css_selector":"#pay"}',
      }),
      row({
        time: 1_001_300,
        kind: 'http',
        name: 'POST /api/checkout',
        detail: '503 https://api/checkout',
        durationMs: 1000,
      }),
      row({ time: 1_002_000, kind: 'error', name: 'TypeError', detail: 'x is undefined', issueId: 'fp-1' }),
      row({ time: 1_003_000, kind: 'web_vital', name: 'INP', detail: '380 (needs-improvement)' }),
      row({ time: 1_003_500, kind: 'web_vital', name: 'CLS', detail: '0.31 (poor)' }),
      row({
        time: 1_004_000,
        kind: 'long_task',
        name: 'BUTTON.onclick',
        detail: 'https://shop/app.js',
        durationMs: 250,
      }),
      row({ time: 1_005_000, kind: 'custom_event', name: 'add_to_cart', detail: '{"sku":"A1"}' }),
    ]);
    expect(events.map((e) => [e.kind, e.offsetMs, e.title, e.summary, e.tone, e.barShare])).toEqual([
      ['page_view', 0, '/checkout', 'Checkout', 'neutral', 0.5],
      ['click', 1200, 'Click on #pay', '', 'neutral', 0],
      ['http', 1300, 'POST /api/checkout', 'https://api/checkout', 'error', 1],
      ['error', 2000, 'TypeError', 'x is undefined', 'error', 0],
      ['web_vital', 3000, 'INP 380 ms', '', 'warning', 0],
      ['web_vital', 3500, 'CLS 0.31', '', 'error', 0],
      ['long_task', 4000, 'BUTTON.onclick', 'https://shop/app.js', 'warning', 0.25],
      ['custom_event', 5000, 'add_to_cart', 'sku=A1', 'neutral', 0],
    ]);
    expect(events[2]!.status).toBe(503);
    expect(events[4]!.rating).toBe('needs-improvement');
    expect(kindCounts(events)).toEqual([
      { kind: 'page_view', count: 1, failed: 0 },
      { kind: 'click', count: 1, failed: 0 },
      { kind: 'http', count: 1, failed: 1 },
      { kind: 'error', count: 1, failed: 1 },
      { kind: 'web_vital', count: 2, failed: 1 },
      { kind: 'long_task', count: 1, failed: 0 },
      { kind: 'custom_event', count: 1, failed: 0 },
    ]);
    expect(timelineEvents([])).toEqual([]);
  });

  it('reads the frame by field name, whatever the order, nulls as empty', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'kind', values: ['http', 'error'] },
        { name: 'time', values: [2, 1] },
        { name: 'duration_ms', values: [120, null] },
        { name: 'name', values: ['GET /', 'TypeError'] },
        { name: 'issue_id', values: ['', 'fp'] },
        { name: 'trace_id', values: ['0af7651916cd43dd8448eb211c80319c', null] },
      ],
    });
    expect(timelineRows(frame)).toEqual([
      row({
        time: 2,
        kind: 'http',
        name: 'GET /',
        detail: '',
        url: '',
        durationMs: 120,
        eventId: '',
        traceId: '0af7651916cd43dd8448eb211c80319c',
      }),
      row({
        time: 1,
        kind: 'error',
        name: 'TypeError',
        detail: '',
        url: '',
        durationMs: null,
        eventId: '',
        issueId: 'fp',
      }),
    ]);
    expect(timelineRows(undefined)).toEqual([]);
  });

  it.each([
    ['0af7651916cd43dd8448eb211c80319c', true],
    ['0AF7651916CD43DD8448EB211C80319C', true],
    ['00000000000000000000000000000000', false],
    ['0af7651916cd43dd', false],
    ['', false],
  ])('trace id %s opens in Tempo: %s', (id, ok) => {
    expect(isTraceId(id)).toBe(ok);
  });

  it('opens the trace in Explore on the Tempo data source, an hour either side', () => {
    const url = tempoTraceUrl('tempo-uid', 'abc', 10_000_000);
    expect(url.startsWith('/explore?schemaVersion=1&panes=')).toBe(true);
    const panes = JSON.parse(decodeURIComponent(url.split('panes=')[1]!));
    expect(panes.trace).toEqual({
      datasource: 'tempo-uid',
      queries: [{ refId: 'A', datasource: { type: 'tempo', uid: 'tempo-uid' }, queryType: 'traceql', query: 'abc' }],
      range: { from: '6400000', to: '13600000' },
    });
  });
});

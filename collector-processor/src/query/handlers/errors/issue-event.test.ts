import { breadcrumbRows, causeRows, stackRows } from './issue-event';

describe('stackRows', () => {
  it('lays the parallel frame arrays out as rows, with the context line and the raw position', () => {
    const event = {
      functions: ['pay', 'dispatch'],
      filenames: ['src/pay.ts', 'lib.js'],
      linenos: [12, 3],
      colnos: [5, 1],
      in_apps: [1, 0],
      symbolicated: [1, 0],
      contexts: [JSON.stringify({ pre: ['a', 'b'], line: 'pay(total);', post: ['c'] }), ''],
      abs_paths: ['https://x/app.min.js', 'lib.js'],
      raw_linenos: [1, 3],
      raw_colnos: [4410, 1],
      raw_functions: ['p', 'dispatch'],
    };
    expect(stackRows(event)).toEqual([
      {
        function: 'pay',
        filename: 'src/pay.ts',
        lineno: 12,
        colno: 5,
        in_app: 1,
        symbolicated: 1,
        context_line: 'pay(total);',
        context_pre: 'a\nb',
        context_post: 'c',
        raw_function: 'p',
        raw_position: 'https://x/app.min.js:1:4410',
      },
      {
        function: 'dispatch',
        filename: 'lib.js',
        lineno: 3,
        colno: 1,
        in_app: 0,
        symbolicated: 0,
        context_line: '',
        context_pre: '',
        context_post: '',
        raw_function: 'dispatch',
        raw_position: 'lib.js:3:1',
      },
    ]);
  });

  it.each([
    ['no event', undefined],
    ['no frames', { functions: [] }],
  ])('has no rows for %s', (_name, event) => {
    expect(stackRows(event)).toEqual([]);
  });

  it('reads malformed context as no context line', () => {
    const [row] = stackRows({ functions: ['f'], contexts: ['{not json'] });
    expect(row!.context_line).toBe('');
  });
});

describe('breadcrumbRows', () => {
  it('parses the stored JSON, data as a JSON string', () => {
    const breadcrumbs = JSON.stringify([
      { category: 'http', timestamp: 1_700_000_000_123, level: 'error', data: { status: 500, url: '/api' } },
      { category: 'console', timestamp: 1_700_000_001.5, message: 'boom' },
      { category: 'click', timestamp: '2023-11-14T22:13:22.000Z' },
      'not a breadcrumb',
    ]);
    expect(breadcrumbRows({ breadcrumbs })).toEqual([
      {
        time: 1_700_000_000_123,
        category: 'http',
        level: 'error',
        message: '',
        data: '{"status":500,"url":"/api"}',
      },
      { time: 1_700_000_001_500, category: 'console', level: '', message: 'boom', data: '' },
      { time: Date.UTC(2023, 10, 14, 22, 13, 22), category: 'click', level: '', message: '', data: '' },
    ]);
  });

  it.each([['[]'], [''], ['{"not":"a list"}'], ['[{']])('has no rows for %j', (breadcrumbs) => {
    expect(breadcrumbRows({ breadcrumbs })).toEqual([]);
  });
});

describe('causeRows', () => {
  it('numbers the cause chain from the outermost cause, skipping what is not a cause', () => {
    const causes = JSON.stringify([
      {
        type: 'Error',
        message: 'order summary missing',
        stacktrace: 'Error: order summary missing\n    at load',
      },
      'not a cause',
      { type: 'TypeError', message: 'fetch failed' },
    ]);
    expect(causeRows({ causes })).toEqual([
      {
        depth: 1,
        type: 'Error',
        message: 'order summary missing',
        stacktrace: 'Error: order summary missing\n    at load',
      },
      { depth: 2, type: 'TypeError', message: 'fetch failed', stacktrace: '' },
    ]);
  });

  it.each([[undefined], [{ causes: '' }], [{ causes: '[{' }], [{ causes: '{}' }]])(
    'has no rows for %j',
    (event) => {
      expect(causeRows(event)).toEqual([]);
    },
  );
});

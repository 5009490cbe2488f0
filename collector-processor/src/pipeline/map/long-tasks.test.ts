import type { LongTaskRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, event, resourceOf, span } from './testkit';

const cases: [string, ReturnType<typeof resourceOf>, Partial<LongTaskRow>][] = [
  [
    'OTel instrumentation-long-task span',
    resourceOf({
      spans: [
        span({
          name: 'longtask',
          attributes: {
            'longtask.name': 'self',
            'longtask.entry_type': 'longtask',
            'longtask.duration': 161,
            'longtask.attribution.name': 'unknown',
            'longtask.attribution.container_type': 'window',
            'longtask.attribution.container_src': '',
          },
        }),
      ],
    }),
    {
      kind: 'longtask',
      duration_ms: 161,
      blocking_duration_ms: 111,
      invoker: '',
      attributes: { 'longtask.attribution.container_type': 'window' },
    },
  ],
  [
    'PulseTrace long animation frame event',
    resourceOf({
      logs: [
        event('pulsetrace.long_task', {
          'pulsetrace.long_task.kind': 'long-animation-frame',
          'pulsetrace.long_task.duration': 164.4,
          'pulsetrace.long_task.blocking_duration': 112.7,
          'pulsetrace.long_task.script_url': 'https://a.io/app.js',
          'pulsetrace.long_task.invoker': 'BUTTON#buy.onclick',
        }),
      ],
    }),
    {
      kind: 'long-animation-frame',
      duration_ms: 164.4,
      blocking_duration_ms: 112.7,
      script_url: 'https://a.io/app.js',
      invoker: 'BUTTON#buy.onclick',
    },
  ],
];

describe('long tasks', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows } = mapResource(resource, CTX);
    expect(rows.long_tasks).toHaveLength(1);
    expect(rows.long_tasks[0]).toMatchObject(expected);
  });

  it('rejects a pulsetrace.long_task without a duration', () => {
    const r = mapResource(
      resourceOf({ logs: [event('pulsetrace.long_task', { 'pulsetrace.long_task.kind': 'longtask' })] }),
      CTX,
    );
    expect(r.rejected).toBe(1);
    expect(r.reasons[0]).toBe('long_tasks: pulsetrace.long_task without a numeric duration');
  });
});

import { blockKitProblems } from './block-kit';
import { MAX_ALERT_SECTIONS, slackPayload } from './slack';
import { alert, notification, T0 } from './testkit';

type Block = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Record<string, unknown>[];
};
const blocks = (p: Record<string, unknown>) => p.blocks as Block[];
const all = (p: Record<string, unknown>) => JSON.stringify(p);

describe('slackPayload', () => {
  const many = Array.from({ length: 60 }, (_, i) =>
    alert({ fingerprint: `fp-${i}`, labels: { route: `/r/${i}` } }),
  );
  const huge = 'x'.repeat(10_000);
  const cases: Array<[string, Parameters<typeof slackPayload>[0]]> = [
    ['firing', notification()],
    ['resolved', notification({ status: 'resolved', alerts: [alert({ endsAt: T0 + 3_723_000 })] })],
    ['test, no alerts', notification({ status: 'test', alerts: [] })],
    ['60 alerts in one group', notification({ alerts: many })],
    [
      'texts far over every limit',
      notification({
        alerts: [
          alert({
            ruleName: huge,
            annotations: { summary: huge, description: huge, runbook_url: `https://x.example/${huge}` },
            labels: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`l${i}`, huge.slice(0, 50)])),
            projectId: huge,
          }),
        ],
      }),
    ],
    [
      'no links (non-http generator URL)',
      notification({ alerts: [alert({ generatorUrl: '/relative', annotations: { summary: 's' } })] }),
    ],
  ];
  it.each(cases)('%s: valid Block Kit', (_name, n) => {
    expect(blockKitProblems(slackPayload(n))).toEqual([]);
  });

  it('says what, where and how bad, with buttons into the app and the runbook', () => {
    const p = slackPayload(notification(), { channel: '#ops' });
    const b = blocks(p);
    expect(p.channel).toBe('#ops');
    expect(b[0]).toEqual({
      type: 'header',
      text: expect.objectContaining({ type: 'plain_text', text: '🔴 Firing: LCP p75 over 2.5 s' }),
    });
    expect(b[1]!.text!.text).toContain('*p75 LCP on /checkout is 3.1 s*');
    expect(b[2]!.fields!.map((f) => f.text)).toEqual([
      '*Project*\nshop',
      '*Severity*\nhigh',
      '*Value*\n3100',
      `*Since*\n${new Date(T0).toISOString()}`,
    ]);
    expect(all(p)).toContain('`route`=/checkout');
    const actions = b.find((x) => x.type === 'actions')!;
    expect(actions.elements).toEqual([
      expect.objectContaining({
        action_id: 'open',
        url: notification().alerts[0]!.generatorUrl,
        style: 'primary',
      }),
      expect.objectContaining({ action_id: 'runbook', url: 'https://runbooks.example.com/lcp' }),
    ]);
    expect(p.text).toBe('🔴 Firing: LCP p75 over 2.5 s: p75 LCP on /checkout is 3.1 s');
  });

  it('shows a resolved group differently: check mark, how long it lasted, no value, no primary button', () => {
    const p = slackPayload(notification({ status: 'resolved', alerts: [alert({ endsAt: T0 + 3_723_000 })] }));
    const b = blocks(p);
    expect(b[0]!.text!.text).toBe('✅ Resolved: LCP p75 over 2.5 s');
    expect(b[2]!.fields!.map((f) => f.text)).toContain('*Lasted*\n1h 2m');
    expect(all(p)).not.toContain('*Value*');
    expect(b.find((x) => x.type === 'actions')!.elements![0]!.style).toBeUndefined();
  });

  it('lists at most MAX_ALERT_SECTIONS alerts and counts the rest', () => {
    const p = slackPayload(notification({ alerts: many }));
    expect(blocks(p).filter((x) => x.type === 'section' && x.text?.text.includes('/r/'))).toHaveLength(
      MAX_ALERT_SECTIONS,
    );
    expect(all(p)).toContain(`…and ${60 - MAX_ALERT_SECTIONS} more alerts`);
  });

  it('escapes Slack control characters from alert text', () => {
    const p = slackPayload(
      notification({ alerts: [alert({ annotations: { summary: '<!channel> a & b' } })] }),
    );
    expect(all(p)).toContain('&lt;!channel&gt; a &amp; b');
    expect(all(p)).not.toContain('*<!channel>');
  });
});

describe('blockKitProblems', () => {
  const ok = { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h' } }] };
  const cases: Array<[string, unknown, string]> = [
    [
      'header over 150',
      { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
      '151 characters (max 150)',
    ],
    [
      'header in mrkdwn',
      { text: 't', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] },
      'expected plain_text',
    ],
    [
      'section over 3000',
      { text: 't', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] },
      'max 3000',
    ],
    [
      '11 fields',
      { text: 't', blocks: [{ type: 'section', fields: Array(11).fill({ type: 'mrkdwn', text: 'f' }) }] },
      '11 fields',
    ],
    ['51 blocks', { text: 't', blocks: Array(51).fill({ type: 'divider' }) }, '51 (max 50)'],
    ['unknown block', { text: 't', blocks: [{ type: 'table' }] }, 'not a block type'],
    ['no fallback text', { blocks: ok.blocks }, 'fallback text'],
    [
      'button text over 75',
      {
        text: 't',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', text: { type: 'plain_text', text: 'x'.repeat(76) }, url: 'https://a' },
            ],
          },
        ],
      },
      'max 75',
    ],
  ];
  it.each(cases)('%s', (_n, payload, problem) => {
    expect(blockKitProblems(payload).join('\n')).toContain(problem);
  });
  it('accepts a minimal message', () => expect(blockKitProblems(ok)).toEqual([]));
});

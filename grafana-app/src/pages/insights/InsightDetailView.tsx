/**
 * One incident card in full: what moved (deltas with intervals), since when, how many sessions and
 * users it hit, the summary (and whether the LLM wrote it), the suggested next step, the ranked
 * hypotheses with their evidence and a "Show me" into Explore, the release, deploys and related
 * issues, the actions, and who did what. Presentational: the scene (InsightDetailScene.ts) and the
 * screenshot give it the detail and the callbacks.
 */
import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, Box, Card, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { exploreUrl } from './explore';
import { SeverityBadge, StatusBadge } from './InsightCards';
import { InsightActions } from './InsightActions';
import { issueHref, releaseHref } from './links';
import { deltaText, evidenceParts, InsightAction, InsightDetail, label } from './model';

export interface InsightDetailViewProps {
  detail: InsightDetail;
  /** The page's PulseTrace data source: "Show me" opens Explore on it. */
  dsUid: string;
  /** Query string app links keep (data source, project, time range). */
  params: string;
  onAction?(action: InsightAction): Promise<void>;
}

const count = (n: number) => Number(n).toLocaleString('en-US');
const HOUR = 3_600_000;

export function InsightDetailView({ detail, dsUid, params, onAction }: InsightDetailViewProps) {
  const styles = useStyles2(getStyles);
  const s = detail.summary;
  if (!s) {
    return (
      <Alert severity="warning" title="No such insight">
        {detail.notices[0] ?? 'This insight does not exist in the project, or its retention has passed.'}
      </Alert>
    );
  }
  // A query without its own window opens over the incident: an hour either side of it (its last
  // activity when still open), so the link shows the same range whenever it is opened.
  const window = { from: s.started_at - HOUR, to: (s.resolved_at ?? s.last_active_at ?? s.updated_at) + HOUR };
  const release = s.release ?? detail.links.release;
  return (
    <Stack direction="column" gap={2}>
      <Stack direction="column" gap={1}>
        <Stack gap={1} alignItems="center" wrap="wrap">
          <SeverityBadge severity={s.severity} />
          <StatusBadge status={s.status} />
          <Badge text={label(s.kind)} color="purple" />
          <Text color="secondary">{s.metric}</Text>
        </Stack>
        <Text element="h2">{s.title}</Text>
        <Text color="secondary">
          Started {dateTimeFormat(s.started_at)} (change point) · detected {dateTimeFormat(s.detected_at)}
          {s.resolved_at ? ` · resolved ${dateTimeFormat(s.resolved_at)}` : ''} · {count(s.affected_sessions)} sessions
          and {count(s.affected_users)} users affected
        </Text>
        <InsightActions status={s.status} onAction={onAction} />
      </Stack>

      {(s.summary || s.next_step) && (
        <Card className={styles.card}>
          <Card.Heading>
            Summary{' '}
            {s.summary_source && (
              <Badge
                text={s.summary_source === 'llm' ? 'Written by the LLM' : 'Template'}
                color={s.summary_source === 'llm' ? 'purple' : 'darkgrey'}
                icon={s.summary_source === 'llm' ? 'ai-sparkle' : undefined}
                tooltip={
                  s.summary_source === 'llm'
                    ? 'Worded by the configured language model from the evidence below; every number is the engine’s'
                    : 'The deterministic summary (no language model configured, or it did not answer)'
                }
              />
            )}
          </Card.Heading>
          <Card.Description>
            {s.summary && <p className={styles.text}>{s.summary}</p>}
            {s.next_step && (
              <p className={styles.text}>
                <strong>Next step: </strong>
                {s.next_step}
              </p>
            )}
          </Card.Description>
        </Card>
      )}

      {detail.deltas.length > 0 && (
        <section aria-label="What changed">
          <Text element="h4">What changed</Text>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Metric</th>
                <th>Now vs baseline</th>
                <th>Change</th>
                <th>Interval</th>
              </tr>
            </thead>
            <tbody>
              {detail.deltas.map((d, i) => {
                const t = deltaText(d);
                return (
                  <tr key={`${d.metric}-${i}`}>
                    <td>{d.metric}</td>
                    <td>{t.values}</td>
                    <td className={styles.change}>{t.change}</td>
                    <td>{t.interval ?? '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      <section aria-label="Likely causes">
        <Text element="h4">Likely causes</Text>
        {detail.hypotheses.length === 0 ? (
          <Text color="secondary">No segment explains this change: it is spread evenly over the traffic.</Text>
        ) : (
          <ol className={styles.hypotheses}>
            {detail.hypotheses.map((h) => {
              const href = exploreUrl(dsUid, h.queries, window);
              return (
                <li key={h.rank}>
                  <Card className={styles.card}>
                    <Card.Heading>{h.title}</Card.Heading>
                    <Card.Meta>{[`#${h.rank}`, `score ${Number(h.score).toFixed(2)}`]}</Card.Meta>
                    <Card.Description>
                      <ul className={styles.evidence}>
                        {(h.evidence ?? []).map((e, i) => (
                          <li key={i}>{evidenceParts(e).join(' · ')}</li>
                        ))}
                      </ul>
                    </Card.Description>
                    {href && (
                      <Card.Actions>
                        <LinkButton href={href} icon="compass" variant="secondary" size="sm">
                          Show me
                        </LinkButton>
                      </Card.Actions>
                    )}
                  </Card>
                </li>
              );
            })}
          </ol>
        )}
      </section>

      {(release || detail.links.deploys.length > 0 || detail.links.issues.length > 0) && (
        <section aria-label="Related">
          <Text element="h4">Related</Text>
          <Box>
            <ul className={styles.related}>
              {release && (
                <li>
                  Release{' '}
                  <a className={styles.link} href={releaseHref(release, detail.links, params)}>
                    {detail.links.previousRelease ? `${release} vs ${detail.links.previousRelease}` : release}
                  </a>
                </li>
              )}
              {detail.links.deploys.map((d) => (
                <li key={`${d.release}-${d.environment}-${d.at}`}>
                  Deploy of {d.release} to {d.environment} at {dateTimeFormat(d.at)}
                </li>
              ))}
              {detail.links.issues.map((fp) => (
                <li key={fp}>
                  Issue{' '}
                  <a className={styles.link} href={issueHref(fp, params)}>
                    {fp}
                  </a>
                </li>
              ))}
            </ul>
          </Box>
        </section>
      )}

      {detail.feedback.length > 0 && (
        <section aria-label="Activity">
          <Text element="h4">Activity</Text>
          <ul className={styles.related}>
            {detail.feedback.map((f, i) => (
              <li key={i}>
                {dateTimeFormat(f.time)} · {f.actor}: {label(f.action)}
                {f.verdict ? ` (${label(f.verdict)})` : ''}
                {f.comment ? ` — ${f.comment}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({ marginBottom: 0 }),
  text: css({ margin: 0, marginBottom: theme.spacing(0.5) }),
  change: css({ fontWeight: theme.typography.fontWeightMedium }),
  table: css({
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 2, 0.5, 0), textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular },
  }),
  hypotheses: css({ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: theme.spacing(1) }),
  evidence: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  related: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  link: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
});

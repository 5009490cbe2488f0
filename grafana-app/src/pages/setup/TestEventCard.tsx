/**
 * "Send a test event": posts one event from this browser straight to the processor (as the SDK
 * would, so the project's allowed origins apply to Grafana's own origin), then polls the read
 * route's query API until it is stored, and says how long that took or why it did not arrive.
 */
import React, { useEffect, useRef, useState } from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { ProcessorApi } from '../../api/processor';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import { testEventRequest } from './queries';
import {
  ARRIVAL_TIMEOUT_MS,
  arrivalText,
  describeSendFailure,
  framesHaveTestId,
  keptSessionId,
  notArrivedText,
  originAllowed,
  pollUntil,
  sendTestEvent,
  testEventPayload,
} from './testEvent';
import type { AdminProjectJSON } from './types';

type Status =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'waiting'; since: number }
  | { kind: 'arrived'; ms: number; testId: string }
  | { kind: 'failed'; message: string };

export interface TestEventCardProps {
  api: ProcessorApi;
  project: AdminProjectJSON;
  endpoint: string;
  /** This page's origin (window.location.origin), the Origin the browser sends. */
  origin: string;
  /** Adds `origin` to the project's allowed origins. */
  onAllowOrigin(): Promise<void>;
  doFetch?: typeof fetch;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

type QueryAnswer = { results?: Record<string, { frames?: Parameters<typeof framesHaveTestId>[0] }> };

export function TestEventCard({
  api,
  project,
  endpoint,
  origin,
  onAllowOrigin,
  doFetch,
  pollIntervalMs,
  timeoutMs = ARRIVAL_TIMEOUT_MS,
}: TestEventCardProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
    };
  }, []);
  const allowed = originAllowed(project.allowedOrigins, origin);
  const key = project.ingestKey ?? '';

  const send = async () => {
    const ctx = { endpoint, origin, allowedOrigins: project.allowedOrigins };
    const sessionId = keptSessionId(project.sampleRate ?? 1);
    if (!sessionId) {
      return setStatus({
        kind: 'failed',
        message:
          'The project keeps 0 % of sessions: only errors are stored, so a test event never arrives. Raise its sampling first.',
      });
    }
    const testId = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const sentAt = Date.now();
    setStatus({ kind: 'sending' });
    const payload = testEventPayload({ testId, sessionId, at: sentAt, pageUrl: `${origin}/pulsetrace-test-event` });
    const sent = await sendTestEvent(endpoint, key, payload, doFetch);
    if (!sent.ok) {
      return setStatus({ kind: 'failed', message: describeSendFailure(ctx, sent) });
    }
    setStatus({ kind: 'waiting', since: sentAt });
    const ms = await pollUntil({
      check: async () => {
        const body = testEventRequest(project.id, sentAt, Date.now());
        const answer = await api.call<QueryAnswer>('read', 'POST', '/query', body);
        return framesHaveTestId(answer.results?.[body.refId]?.frames ?? [], testId);
      },
      timeoutMs,
      intervalMs: pollIntervalMs,
      cancelled: () => unmounted.current,
    });
    if (unmounted.current) {
      return;
    }
    // Counted from the send, not from the first poll: what a site's first event would wait.
    setStatus(
      ms === undefined
        ? { kind: 'failed', message: notArrivedText(ctx, project.sampleRate) }
        : { kind: 'arrived', ms: Date.now() - sentAt, testId }
    );
  };

  const busy = status.kind === 'sending' || status.kind === 'waiting';
  return (
    <section aria-label="Test event">
      <Stack direction="column" gap={2}>
        <Text element="h3" variant="h5">
          Send a test event
        </Text>
        <Text color="secondary">
          Your browser sends one custom event ({'"pulsetrace.test_event"'}) to {endpoint || 'the processor'} with this
          project&apos;s key, as the SDK would, and the page waits until the processor has stored it.
        </Text>
        {!allowed && (
          <Alert severity="warning" title={`${origin} is not an allowed origin of ${project.name}`}>
            <Stack direction="column" gap={1} alignItems="flex-start">
              <span>
                The browser sends from this Grafana&apos;s origin, so the processor refuses it until the origin is
                allowed (as it refuses any site not listed).
              </span>
              <RoleButton
                action="manageProjects"
                size="sm"
                variant="secondary"
                icon="plus"
                onClick={() => onAllowOrigin()}
              >
                Allow {origin}
              </RoleButton>
            </Stack>
          </Alert>
        )}
        <Stack gap={2} alignItems="center">
          <Button
            icon={busy ? 'spinner' : 'rocket'}
            onClick={send}
            disabled={busy || !key || !endpoint || Boolean(project.deletedAt)}
          >
            {busy ? (status.kind === 'sending' ? 'Sending…' : 'Waiting for the event…') : 'Send a test event'}
          </Button>
          <div role="status" aria-live="polite">
            {status.kind === 'waiting' && (
              <Text color="secondary">Sent; waiting for the processor to store it (up to {timeoutMs / 1000} s)…</Text>
            )}
            {status.kind === 'arrived' && (
              <Text color="success">
                The test event {arrivalText(status.ms)}. Data from your site will show up the same way.
              </Text>
            )}
          </div>
        </Stack>
        {status.kind === 'failed' && (
          <Alert severity="error" title="The test event did not arrive">
            {status.message}
          </Alert>
        )}
      </Stack>
    </section>
  );
}

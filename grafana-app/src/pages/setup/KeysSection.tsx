/**
 * A project's ingest keys: the current one (copyable), older ones still valid until they expire,
 * and rotation with an overlap so sites still sending the old key keep working while they deploy
 * the new one (POST /projects/{id}/keys/rotate).
 */
import React, { useState } from 'react';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { Alert, Badge, ClipboardButton, ConfirmModal, Field, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import type { AdminProjectJSON } from './types';

export const OVERLAPS = [
  { label: 'None', value: 0, description: 'The old key stops working at once' },
  { label: '1 hour', value: 3600 },
  { label: '1 day', value: 86400 },
  { label: '7 days', value: 7 * 86400 },
];

export interface KeysSectionProps {
  project: AdminProjectJSON;
  onRotate(overlapSeconds: number): Promise<void>;
}

export function KeysSection({ project, onRotate }: KeysSectionProps) {
  const [overlap, setOverlap] = useState(86400);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string>();
  const keys = project.ingestKeys ?? (project.ingestKey ? [{ key: project.ingestKey, expiresAt: null }] : []);
  const deleted = project.deletedAt !== null;

  const rotate = async () => {
    setConfirming(false);
    setFailure(undefined);
    try {
      await onRotate(overlap);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section aria-label={`Ingest keys of ${project.name}`}>
      <Stack direction="column" gap={2}>
        <Text element="h3" variant="h5">
          Ingest keys of {project.name}
        </Text>
        <Text color="secondary">
          The key goes into the page (it is not a secret: the allowed origins and the rate limit are the protection).
        </Text>
        <Stack direction="column" gap={1}>
          {keys.map((k, i) => (
            <Stack key={k.key} gap={1} alignItems="center">
              <code aria-label={i === 0 ? 'Current ingest key' : `Previous ingest key ${i}`}>{k.key}</code>
              {i === 0 ? (
                <Badge color="green" text="current" />
              ) : (
                <Badge
                  color="orange"
                  text={
                    k.expiresAt
                      ? `valid until ${dateTimeFormat(k.expiresAt)} (${dateTimeFormatTimeAgo(k.expiresAt)})`
                      : 'valid'
                  }
                />
              )}
              <ClipboardButton
                getText={() => k.key}
                icon="copy"
                size="sm"
                variant="secondary"
                fill="text"
                aria-label={`Copy key ${k.key}`}
              >
                Copy
              </ClipboardButton>
            </Stack>
          ))}
        </Stack>
        <Stack gap={2} alignItems="flex-end" wrap="wrap">
          <Field label="Old key stays valid for" noMargin>
            <RadioButtonGroup options={OVERLAPS} value={overlap} onChange={setOverlap} disabled={deleted} />
          </Field>
          <RoleButton
            action="manageProjects"
            icon="sync"
            variant="secondary"
            onClick={() => setConfirming(true)}
            disabled={deleted}
          >
            Rotate key
          </RoleButton>
        </Stack>
        {failure && (
          <Alert severity="error" title="The key was not rotated">
            {failure}
          </Alert>
        )}
        <ConfirmModal
          isOpen={confirming}
          title={`Rotate the ingest key of ${project.name}?`}
          body={
            overlap === 0
              ? 'The current key stops working now: pages still using it lose their data until they have the new key.'
              : `The current key keeps working for ${OVERLAPS.find((o) => o.value === overlap)?.label}, then stops: deploy the new key before then.`
          }
          confirmText="Rotate key"
          onConfirm={rotate}
          onDismiss={() => setConfirming(false)}
        />
      </Stack>
    </section>
  );
}

/**
 * What an Editor can do to a card in its status (model.ts actionsFor): acknowledge, resolve, mark
 * as not useful. Viewers see the same buttons disabled with the reason (RoleButton); the write
 * route would refuse them anyway. A failure stays on screen with the processor's sentence.
 */
import React, { useState } from 'react';
import { Alert, Stack } from '@grafana/ui';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import { ACTION_LABELS, actionsFor, InsightAction } from './model';

const ICONS = { acknowledge: 'eye', resolve: 'check', not_useful: 'ban' } as const;

export interface InsightActionsProps {
  status: string;
  onAction?(action: InsightAction): Promise<void>;
}

export function InsightActions({ status, onAction }: InsightActionsProps) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const actions = actionsFor(status);
  if (actions.length === 0) {
    return null;
  }
  const run = async (action: InsightAction) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onAction?.(action);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1}>
        {actions.map((action) => (
          <RoleButton
            key={action}
            action="changeInsights"
            icon={ICONS[action]}
            variant={action === 'resolve' ? 'primary' : 'secondary'}
            disabled={busy}
            onClick={() => run(action)}
          >
            {ACTION_LABELS[action]}
          </RoleButton>
        ))}
      </Stack>
      {failure && (
        <Alert severity="error" title="The insight was not changed">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}

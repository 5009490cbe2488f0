/**
 * What an Editor can do to the issue: resolve (now or in the next release), unresolve, ignore
 * (forever, until N more events, until a date), assign and comment. Viewers see the same controls
 * disabled with the reason (RoleButton); the write route would refuse them anyway.
 */
import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Field, Input, RadioButtonGroup, Stack, TextArea, useStyles2 } from '@grafana/ui';
import { can } from '../../auth/roles';
import { RoleButton } from '../../components/RoleButton/RoleButton';
import { IgnoreForm, IgnoreMode, ignorePatch, IgnorePatch } from './model';

export interface IssueActionsProps {
  status: string;
  assignee: string | null;
  onChange(patch: IgnorePatch | { status: string } | { assignee: string | null }): Promise<void>;
  onComment(text: string): Promise<void>;
}

const IGNORE_MODES = [
  { label: 'Forever', value: 'forever' as const },
  { label: 'Until more events', value: 'count' as const },
  { label: 'Until a date', value: 'date' as const },
];

export function IssueActions({ status, assignee, onChange, onComment }: IssueActionsProps) {
  const styles = useStyles2(getStyles);
  const allowed = can('changeIssues');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [ignoring, setIgnoring] = useState(false);
  const [form, setForm] = useState<IgnoreForm>({ mode: 'count', count: '100', date: '' });
  const [formError, setFormError] = useState<string>();
  const [assignTo, setAssignTo] = useState(assignee ?? '');
  const [comment, setComment] = useState('');

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submitIgnore = async () => {
    const result = ignorePatch(form);
    if ('error' in result) {
      setFormError(result.error);
      return;
    }
    setFormError(undefined);
    if (await run(() => onChange(result.patch))) {
      setIgnoring(false);
    }
  };

  const resolved = status === 'resolved' || status === 'resolved_in_next_release';
  return (
    <div className={styles.actions}>
      <Stack gap={1} wrap="wrap" alignItems="center">
        {resolved || status === 'ignored' ? (
          <RoleButton
            action="changeIssues"
            icon="history"
            variant="secondary"
            disabled={busy}
            onClick={() => run(() => onChange({ status: 'unresolved' }))}
          >
            Unresolve
          </RoleButton>
        ) : (
          <>
            <RoleButton
              action="changeIssues"
              icon="check"
              disabled={busy}
              onClick={() => run(() => onChange({ status: 'resolved' }))}
            >
              Resolve
            </RoleButton>
            <RoleButton
              action="changeIssues"
              variant="secondary"
              disabled={busy}
              onClick={() => run(() => onChange({ status: 'resolved_in_next_release' }))}
            >
              Resolve in next release
            </RoleButton>
          </>
        )}
        {status !== 'ignored' && (
          <RoleButton
            action="changeIssues"
            icon="bell-slash"
            variant="secondary"
            disabled={busy}
            onClick={() => setIgnoring(!ignoring)}
            aria-expanded={ignoring}
          >
            Ignore…
          </RoleButton>
        )}
        <Input
          aria-label="Assignee"
          placeholder="Assignee (login or email)"
          width={28}
          value={assignTo}
          disabled={!allowed}
          onChange={(e) => setAssignTo(e.currentTarget.value)}
        />
        <RoleButton
          action="changeIssues"
          icon="user"
          variant="secondary"
          disabled={busy || assignTo.trim() === (assignee ?? '')}
          onClick={() => run(() => onChange({ assignee: assignTo.trim() || null }))}
        >
          {assignTo.trim() ? 'Assign' : 'Unassign'}
        </RoleButton>
      </Stack>
      {ignoring && allowed && (
        <div className={styles.form} role="group" aria-label="Ignore until">
          <RadioButtonGroup
            options={IGNORE_MODES}
            value={form.mode}
            onChange={(mode: IgnoreMode) => setForm({ ...form, mode })}
          />
          {form.mode === 'count' && (
            <Field
              label="More events"
              description="Comes back after this many more events"
              invalid={!!formError}
              error={formError}
            >
              <Input
                type="number"
                min={1}
                width={16}
                value={form.count}
                onChange={(e) => setForm({ ...form, count: e.currentTarget.value })}
              />
            </Field>
          )}
          {form.mode === 'date' && (
            <Field
              label="Until"
              description="Comes back after this date (your time zone)"
              invalid={!!formError}
              error={formError}
            >
              <Input
                type="datetime-local"
                width={28}
                value={form.date}
                onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
              />
            </Field>
          )}
          <Stack gap={1}>
            <RoleButton action="changeIssues" disabled={busy} onClick={submitIgnore}>
              Ignore
            </RoleButton>
            <RoleButton action="changeIssues" variant="secondary" fill="text" onClick={() => setIgnoring(false)}>
              Cancel
            </RoleButton>
          </Stack>
        </div>
      )}
      <Stack gap={1} alignItems="flex-start">
        <TextArea
          aria-label="Comment"
          placeholder="Add a comment for your team"
          rows={2}
          value={comment}
          disabled={!allowed}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        <RoleButton
          action="changeIssues"
          icon="comment-alt"
          variant="secondary"
          disabled={busy || !comment.trim()}
          onClick={async () => (await run(() => onComment(comment.trim()))) && setComment('')}
        >
          Comment
        </RoleButton>
      </Stack>
      {failure && (
        <Alert severity="error" title="The change was not saved" onRemove={() => setFailure(undefined)}>
          {failure}
        </Alert>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  actions: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  form: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1.5),
    maxWidth: 520,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
});

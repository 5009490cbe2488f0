/**
 * What a page or panel shows instead of nothing: a sentence saying what to do next and, where
 * there is one, the link that does it (install the SDK, pick a project, add the data source).
 */
import React from 'react';
import { EmptyState as GrafanaEmptyState, LinkButton } from '@grafana/ui';

export interface EmptyStateProps {
  title: string;
  /** What to do next, in a sentence. */
  message: string;
  action?: { label: string; href: string };
  variant?: 'call-to-action' | 'not-found' | 'completed';
}

export function EmptyState({ title, message, action, variant = 'call-to-action' }: EmptyStateProps) {
  return (
    <GrafanaEmptyState
      variant={variant}
      message={title}
      button={
        action ? (
          <LinkButton href={action.href} icon="arrow-right" variant="primary">
            {action.label}
          </LinkButton>
        ) : undefined
      }
    >
      {message}
    </GrafanaEmptyState>
  );
}

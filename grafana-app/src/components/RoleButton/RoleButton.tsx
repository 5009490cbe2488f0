/**
 * A button for a change the current Grafana role may not make: disabled, with a tooltip saying
 * who can. Viewers see what Editors can do, and why they cannot.
 */
import React from 'react';
import { Button, ButtonProps, Tooltip } from '@grafana/ui';
import { Action, can, deniedReason } from '../../auth/roles';

export type RoleButtonProps = ButtonProps & { action: Action };

export function RoleButton({ action, disabled, ...props }: RoleButtonProps) {
  if (can(action)) {
    return <Button disabled={disabled} {...props} />;
  }
  return (
    <Tooltip content={deniedReason(action)}>
      {/* A disabled button gets no pointer events: the span carries the tooltip. */}
      <span tabIndex={0} aria-label={deniedReason(action)}>
        <Button {...props} disabled />
      </span>
    </Tooltip>
  );
}

/** Code to paste: monospace on the theme's secondary background, with a label and a copy button. */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Text, useStyles2 } from '@grafana/ui';

export function CodeBlock({ label, code }: { label: string; code: string }) {
  const styles = useStyles2(getStyles);
  return (
    <figure className={styles.figure} aria-label={label}>
      <div className={styles.header}>
        <Text variant="bodySmall" color="secondary" element="span">
          {label}
        </Text>
        <ClipboardButton
          getText={() => code}
          icon="copy"
          variant="secondary"
          size="sm"
          fill="text"
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          Copy
        </ClipboardButton>
      </div>
      <pre className={styles.code}>{code.replace(/\n$/, '')}</pre>
    </figure>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({
    margin: 0,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: theme.spacing(0.5, 1, 0.5, 2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  code: css({
    margin: 0,
    padding: theme.spacing(1.5, 2),
    border: 'none',
    background: 'transparent',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.6,
    color: theme.colors.text.primary,
    overflowX: 'auto',
    whiteSpace: 'pre',
  }),
});

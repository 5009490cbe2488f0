import React from 'react';
import { Text } from '@grafana/ui';

/** Live events have no options of their own: filters and Limit (rows kept) apply. */
export function LiveEditor() {
  return (
    <Text color="secondary" variant="bodySmall">
      Filters apply; Limit is how many rows stay on screen (newest first).
    </Text>
  );
}

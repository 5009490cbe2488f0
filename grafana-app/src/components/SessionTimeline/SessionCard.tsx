/** The session on a panel-like surface: who it was, then its timeline (the session page and its screenshot). */
import React from 'react';
import { Box, Stack, Text } from '@grafana/ui';
import { SessionTimeline, SessionTimelineProps } from './SessionTimeline';

export function SessionCard({ facts, ...timeline }: SessionTimelineProps & { facts: string }) {
  return (
    <Box backgroundColor="primary" borderColor="weak" borderStyle="solid" borderRadius="default" padding={2}>
      <Stack direction="column" gap={2}>
        <Text element="h3" variant="h5">
          {facts}
        </Text>
        <SessionTimeline {...timeline} />
      </Stack>
    </Box>
  );
}

import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Problem } from '../lib/problems';

const same = (text: string) => text.trim().replace(/[.!]$/, '').toLowerCase();

/** A failure said plainly: what happened, then what to do now. */
export function ProblemAlert({
  problem,
  action,
  onRetry,
}: {
  problem: Problem;
  action?: ReactNode;
  onRetry?: () => void;
}) {
  return (
    <Alert
      variant="light"
      color={problem.code === 'RATE_LIMITED' || problem.code === 'UNAVAILABLE' ? 'orange' : 'red'}
      title={problem.title}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
      data-testid="problem"
      data-code={problem.code}
    >
      {problem.message && same(problem.message) !== same(problem.title) && (
        <Text size="sm" mb={4}>
          {problem.message}
        </Text>
      )}
      <Text size="sm" fw={600}>
        {problem.next}
      </Text>
      {(action || onRetry) && (
        <Group mt="sm" gap="xs">
          {onRetry && (
            <Button size="xs" variant="white" color="dark" onClick={onRetry}>
              Try again
            </Button>
          )}
          {action}
        </Group>
      )}
    </Alert>
  );
}

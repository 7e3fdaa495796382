import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';
import { describeProblem } from '../lib/problems';

/** The last line of defence: never a blank screen or a stack trace. */
export function RouteError() {
  const problem = describeProblem(useRouteError());
  return (
    <Container size="sm" py={80} component="main">
      <Stack align="flex-start">
        <Title order={1}>{problem.title}</Title>
        <Text>{problem.message}</Text>
        <Text fw={600}>{problem.next}</Text>
        <Button component={Link} to="/" reloadDocument>
          Back to events
        </Button>
      </Stack>
    </Container>
  );
}

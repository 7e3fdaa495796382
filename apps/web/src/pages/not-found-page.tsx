import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Container size="sm" py={80}>
      <Stack align="flex-start">
        <Title order={1}>This page does not exist</Title>
        <Text>The link may be old, or the event may have moved.</Text>
        <Button component={Link} to="/">
          Find events
        </Button>
      </Stack>
    </Container>
  );
}

import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { signIn } from '../session';
import { useSession } from '../use-session';

export function LoginPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next')?.startsWith('/') ? (params.get('next') as string) : '/';
  if (session) return <Navigate to={next} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder p="xl" w={380} shadow="xs">
        <form onSubmit={submit} aria-label="Staff sign-in">
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                Boxoffice staff
              </Title>
              <Text c="dimmed" size="sm">
                Sign in with an admin account.
              </Text>
            </div>
            <TextInput name="email" label="Email" type="email" autoComplete="username" required />
            <PasswordInput name="password" label="Password" autoComplete="current-password" required />
            {error && (
              <Alert color="red" role="alert" variant="light">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

import { Anchor, Button, Card, Container, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { describeProblem } from '../lib/problems';
import { fromAnswer, sessionStore } from '../lib/session-store';
import { useTRPCClient } from '../lib/trpc';
import { useSession } from '../lib/use-session';

/** Only paths on this site: a `next` pointing elsewhere would make sign-in an open redirect. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function AuthPage({ mode }: { mode: 'signin' | 'register' }) {
  const client = useTRPCClient();
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [fieldError, setFieldError] = useState<{ field: string; reason: string } | null>(null);
  const register = mode === 'register';

  useEffect(() => {
    document.title = `${register ? 'Create an account' : 'Sign in'} · Boxoffice`;
  }, [register]);

  const submit = useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      register ? client.auth.register.mutate(input) : client.auth.login.mutate(input),
    onSuccess: (answer) => sessionStore.set(fromAnswer(answer)),
    onError: (error) => {
      const detail = describeProblem(error).details[0];
      setFieldError(
        typeof detail?.field === 'string' && typeof detail.reason === 'string'
          ? { field: detail.field, reason: detail.reason }
          : null,
      );
    },
  });

  if (session) return <Navigate to={next} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldError(null);
    const data = new FormData(event.currentTarget);
    submit.mutate({
      email: String(data.get('email') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    });
  }

  const problem = submit.error ? describeProblem(submit.error) : null;
  const other = `${register ? '/signin' : '/register'}${params.toString() ? `?${params}` : ''}`;
  return (
    <Container size={440} py={60}>
      <Title order={1} ta="center" fz="h2">
        {register ? 'Create your account' : 'Welcome back'}
      </Title>
      <Text ta="center" c="gray.7" mt={6}>
        {register ? 'One account for every ticket you buy.' : 'Sign in to hold seats and see your orders.'}
      </Text>
      <Card withBorder shadow="sm" p="xl" mt="xl" radius="md">
        <form onSubmit={onSubmit} aria-label={register ? 'Create account' : 'Sign in'}>
          <Stack>
            <TextInput
              name="email"
              type="email"
              label="Email"
              autoComplete="username"
              required
              error={fieldError?.field === 'email' ? fieldError.reason : undefined}
            />
            <PasswordInput
              name="password"
              label="Password"
              autoComplete={register ? 'new-password' : 'current-password'}
              required
              minLength={register ? 8 : 1}
              description={register ? 'At least 8 characters' : undefined}
              error={fieldError?.field === 'password' ? fieldError.reason : undefined}
            />
            {problem && !fieldError && <ProblemAlert problem={problem} />}
            <Button type="submit" loading={submit.isPending} size="md">
              {register ? 'Create account' : 'Sign in'}
            </Button>
          </Stack>
        </form>
      </Card>
      <Text ta="center" mt="md" size="sm">
        {register ? 'Already have an account? ' : 'New to Boxoffice? '}
        <Anchor component={Link} to={other} fw={600}>
          {register ? 'Sign in' : 'Create an account'}
        </Anchor>
      </Text>
    </Container>
  );
}

export const SignInPage = () => <AuthPage mode="signin" />;
export const RegisterPage = () => <AuthPage mode="register" />;

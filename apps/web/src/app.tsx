import { type FormEvent, useEffect, useState } from 'react';
import { api, setAccessToken } from './api';
import { describeHealth, type Health } from './health';

// Placeholder until the fans' app lands: shows the API is alive and that sign-in works end to end.
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [user, setUser] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/api/healthz')
      .then((res) => res.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setHealth(null));
  }, []);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      const session = await api.auth.login.mutate({ email: String(form.get('email')), password: String(form.get('password')) });
      setAccessToken(session.accessToken);
      const me = await api.auth.me.query();
      setUser(`${me.email} (${me.role})`);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'Sign-in failed');
    }
  }

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 560, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>Boxoffice</h1>
      <p>Tickets for the hot on-sale. The fans' app is on its way.</p>
      <p role="status" data-testid="health">{describeHealth(health)}</p>
      {user ? (
        <p data-testid="signed-in">Signed in as {user}</p>
      ) : (
        <form onSubmit={signIn} aria-label="Sign in">
          <label>
            Email <input name="email" type="email" autoComplete="username" required />
          </label>{' '}
          <label>
            Password <input name="password" type="password" autoComplete="current-password" required />
          </label>{' '}
          <button type="submit">Sign in</button>
          {error && <p role="alert">{error}</p>}
        </form>
      )}
    </main>
  );
}

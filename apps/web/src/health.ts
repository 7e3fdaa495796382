export type Health = { status: string; checks: Record<string, string> };

export function describeHealth(health: Health | null): string {
  if (!health) return 'API unreachable';
  const failing = Object.entries(health.checks).filter(([, value]) => value !== 'ok');
  return failing.length === 0 ? `API ${health.status}` : `API ${health.status}: ${failing.map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

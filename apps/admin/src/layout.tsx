import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconReceipt, IconStack2 } from '@tabler/icons-react';
import { Navigate, Outlet, Link as RouterLink, useLocation } from 'react-router';
import { signOut } from './session';
import { useSession } from './use-session';

const sections = [
  {
    to: '/',
    label: 'Events',
    icon: IconCalendarEvent,
    match: (path: string) => path === '/' || path.startsWith('/events'),
  },
  { to: '/orders', label: 'Orders', icon: IconReceipt, match: (path: string) => path.startsWith('/orders') },
  {
    to: '/queues',
    label: 'Reserve queues',
    icon: IconStack2,
    match: (path: string) => path.startsWith('/queues'),
  },
];

/** The signed-in frame: navigation on the left, the page on the right. Signed-out staff go to /login. */
export function Layout() {
  const session = useSession();
  const location = useLocation();
  if (!session)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap={8}>
            <Title order={1} size="h4">
              Boxoffice
            </Title>
            <Text c="dimmed" size="sm">
              staff
            </Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="signed-in-as">
              {session.email}
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Sections">
        {sections.map((section) => (
          <NavLink
            key={section.to}
            component={RouterLink}
            to={section.to}
            label={section.label}
            leftSection={<section.icon size={18} stroke={1.6} aria-hidden />}
            active={section.match(location.pathname)}
            variant="filled"
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

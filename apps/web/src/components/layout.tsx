import { Anchor, Box, Button, Container, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconTicket, IconUserCircle } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { apiBase } from '../lib/api-base';
import { sessionStore } from '../lib/session-store';
import { useSession } from '../lib/use-session';

async function signOut() {
  const session = sessionStore.get();
  sessionStore.set(null);
  if (session) {
    // Best effort: the refresh token is revoked server-side; the access token dies within the hour.
    await fetch(`${apiBase}/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    }).catch(() => undefined);
  }
}

export function Layout() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  // A new page starts at the top, with focus where a screen reader expects it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const back = `${location.pathname}${location.search}`;
  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Box component="header" bg="#14112b" c="white" py="sm">
        <Container size="lg">
          <Group justify="space-between" wrap="nowrap">
            <Anchor component={Link} to="/" c="white" underline="never" aria-label="Boxoffice home">
              <Group gap={8} wrap="nowrap">
                <IconTicket size={28} stroke={1.8} aria-hidden />
                <Text fw={900} fz="xl" lts={-0.5}>
                  boxoffice
                </Text>
              </Group>
            </Anchor>
            <Group gap={4} component="nav" aria-label="Main" wrap="nowrap">
              <Button component={Link} to="/" variant="subtle" color="gray.0" size="sm" visibleFrom="xs">
                Events
              </Button>
              <Button component={Link} to="/orders" variant="subtle" color="gray.0" size="sm">
                My orders
              </Button>
              {session ? (
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <UnstyledButton aria-label={`Account: ${session.user.email}`} c="white" px="xs">
                      <Group gap={6} wrap="nowrap">
                        <IconUserCircle size={22} aria-hidden />
                        <Text size="sm" visibleFrom="sm" data-testid="signed-in-email">
                          {session.user.email}
                        </Text>
                        <IconChevronDown size={14} aria-hidden />
                      </Group>
                    </UnstyledButton>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item component={Link} to="/orders" leftSection={<IconTicket size={16} />}>
                      My orders
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconLogout size={16} />}
                      onClick={() => {
                        void signOut().then(() => navigate('/'));
                      }}
                    >
                      Sign out
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              ) : (
                <Button
                  component={Link}
                  to={`/signin?next=${encodeURIComponent(back)}`}
                  variant="white"
                  color="dark"
                  size="sm"
                >
                  Sign in
                </Button>
              )}
            </Group>
          </Group>
        </Container>
      </Box>
      <Box component="main" id="main" tabIndex={-1} style={{ flex: 1, outline: 'none' }}>
        <Outlet />
      </Box>
      <Box
        component="footer"
        py="lg"
        bg="white"
        style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      >
        <Container size="lg">
          <Text size="sm" c="gray.7">
            Boxoffice: open-source ticketing for the hot on-sale. Seats are never sold twice.
          </Text>
        </Container>
      </Box>
    </Box>
  );
}

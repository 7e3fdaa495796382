import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { type CSSVariablesResolver, createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { queryClient } from './api';
import { router } from './routes';

// A dense, neutral tool: small default sizes and a colour used only for actions and status.
const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 under white text is 4.0:1; shade 8 passes WCAG AA for the small labels of a dense tool.
  primaryShade: 8,
  defaultRadius: 'sm',
  // Staff who ask their system for less motion get notifications and transitions without fades.
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Table: { defaultProps: { verticalSpacing: 6, fz: 'sm' } },
    // The description under a notification's title is gray.6 (3.3:1) by default.
    Notification: { styles: { description: { color: 'var(--mantine-color-gray-7)' } } },
  },
});

// Mantine's dimmed grey (gray.6) is 3.3:1 on white; secondary text here must stay readable (WCAG AA 4.5:1).
const resolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={resolver}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

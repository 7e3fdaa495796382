import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

// A deep violet brand: the night-out feel of a gig poster, with enough contrast for body text.
const brand: MantineColorsTuple = [
  '#f1edff',
  '#ddd5fb',
  '#b9a7f4',
  '#9377ee',
  '#734ee8',
  '#5f34e5',
  '#5427e4',
  '#451bcb',
  '#3b17b6',
  '#2f10a1',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: {
    fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    fontWeight: '800',
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  // Fans who ask their system for less motion get notifications and transitions without fades.
  respectReducedMotion: true,
});

/**
 * Contrast fixes (WCAG AA, 4.5:1, checked by axe in the e2e tests): Mantine's dimmed grey and the
 * light variants (alerts, badges) of warm and green hues sit around 3:1 on white at shade 6.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    // Darker than any Mantine shade: orange-9 is still 3.9:1 on its own light background.
    '--mantine-color-orange-light-color': '#a33a00',
    '--mantine-color-yellow-light-color': '#7a5800',
    '--mantine-color-red-light-color': t.colors.red[9] ?? '#c92a2a',
    '--mantine-color-green-light-color': '#1f6e30',
    '--mantine-color-teal-light-color': '#0a6a4e',
  },
  dark: {},
});

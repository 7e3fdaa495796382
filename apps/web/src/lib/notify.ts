import { notifications } from '@mantine/notifications';

/** A toast whose close button has a name (Mantine's has none, which axe rightly flags). */
export function notify(options: { title: string; message: string; color?: string }) {
  notifications.show({ ...options, closeButtonProps: { 'aria-label': 'Dismiss' } });
}

import { type NotificationData, notifications } from '@mantine/notifications';

/** Mantine's notification close button has no accessible name of its own. */
export const notify = (data: NotificationData) =>
  notifications.show({ ...data, closeButtonProps: { 'aria-label': 'Dismiss notification' } });

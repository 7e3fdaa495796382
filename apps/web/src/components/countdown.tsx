import { Alert, Group, Progress, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { formatClock, spokenDuration } from '../lib/format';

interface CountdownProps {
  /** Local epoch ms when the hold ends (server's expiresIn added to the local clock: no skew). */
  deadline: number;
  /** Seconds the hold had when this page learnt of it, for the bar and the warning threshold. */
  totalSeconds: number;
  frozen?: boolean;
  onExpire: () => void;
}

/** When a screen reader hears the time left: every minute, then at 30 and 10 seconds. */
export function shouldAnnounce(previous: number, now: number): boolean {
  if (now <= 0 || now === previous) return false;
  const crossed = (mark: number) => previous > mark && now <= mark;
  return Math.floor(previous / 60) !== Math.floor(now / 60) || crossed(30) || crossed(10);
}

/** The warning comes at two minutes, or a third of the hold when holds are short (tests, demos). */
export const warningAt = (totalSeconds: number) => Math.min(120, Math.max(5, Math.floor(totalSeconds / 3)));

/**
 * The hold's clock. The visible timer ticks every second but is silent (aria-live off: a reader
 * announcing every second is unusable); a separate polite region speaks at minute marks, and an
 * alert says once that the hold is about to end.
 */
export function Countdown({ deadline, totalSeconds, frozen = false, onExpire }: CountdownProps) {
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  const [spoken, setSpoken] = useState(`${spokenDuration(left)} left to pay`);
  const previous = useRef(left);
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;

  useEffect(() => {
    if (frozen) return;
    const tick = () => {
      const now = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      if (shouldAnnounce(previous.current, now)) setSpoken(`${spokenDuration(now)} left to pay`);
      previous.current = now;
      setLeft(now);
      if (now === 0) onExpireRef.current();
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [deadline, frozen]);

  const warn = !frozen && left > 0 && left <= warningAt(totalSeconds);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="center">
        <Group gap={8}>
          <IconClock size={20} aria-hidden />
          <Text fw={600}>
            {frozen ? 'Hold paused while we confirm your payment' : 'Your seats are held for'}
          </Text>
        </Group>
        <Text
          role="timer"
          aria-live="off"
          aria-label={`${spokenDuration(left)} left`}
          fz={28}
          fw={800}
          ff="monospace"
          c={warn ? 'red.8' : 'dark.8'}
          data-testid="countdown"
        >
          {formatClock(left)}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, (left / Math.max(1, totalSeconds)) * 100)}
        color={warn ? 'red' : 'brand'}
        size="sm"
        aria-hidden
      />
      <VisuallyHidden aria-live="polite" aria-atomic="true" data-testid="countdown-announcement">
        {frozen ? '' : spoken}
      </VisuallyHidden>
      {warn && (
        <Alert
          color="orange"
          variant="light"
          role="alert"
          title="Your hold is about to end"
          data-testid="expiry-warning"
        >
          Less than {spokenDuration(warningAt(totalSeconds))} left. Pay now to keep these seats.
        </Alert>
      )}
    </Stack>
  );
}

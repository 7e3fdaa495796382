import {
  Badge,
  Box,
  Button,
  Card,
  Container,
  Group,
  Loader,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { formatEventDate, spokenDuration } from '../lib/format';
import { describeProblem } from '../lib/problems';
import { joinQueue, type QueueStatus, queueStatus, queueStreamUrl, savePass } from '../lib/queue-api';
import { useEventSummary } from '../lib/use-event-summary';
import { useSession } from '../lib/use-session';

// The stream is the news; this poll only covers a stream that cannot connect.
const fallbackPollMs = 10_000;

function etaText(seconds: number | null): string {
  if (seconds === null) return 'Working out your wait…';
  if (seconds < 60) return 'Less than a minute';
  return `About ${spokenDuration(Math.round(seconds / 60) * 60)}`;
}

/**
 * The waiting room of a hot on-sale: join once (idempotent), then follow the position live over the
 * queue's SSE stream (authenticated by the opaque queue token, as EventSource cannot send headers).
 * Admission hands out an access token that booking.reserve requires; it is kept for this tab only.
 */
export function WaitingRoomPage() {
  const { eventId = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState<QueueStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const firstPosition = useRef<number | null>(null);
  const event = useEventSummary(eventId);

  useEffect(() => {
    document.title = `Waiting room${event ? ` · ${event.name}` : ''} · Boxoffice`;
  }, [event]);

  // Join (or find our place again after a reload), then keep a slow poll as a safety net.
  useEffect(() => {
    if (!session) return;
    let stopped = false;
    const load = async (join: boolean) => {
      try {
        const current = await queueStatus(eventId);
        const next = current.state === 'not_queued' && join ? await joinQueue(eventId) : current;
        if (!stopped) {
          setStatus(next);
          setError(null);
        }
      } catch (cause) {
        if (!stopped) setError(cause);
      }
    };
    void load(true);
    const timer = setInterval(() => void load(false), fallbackPollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [eventId, session]);

  const token = status?.queueToken ?? null;
  useEffect(() => {
    if (!token) return;
    const source = new EventSource(queueStreamUrl(eventId, token));
    const take = (message: Event) =>
      setStatus(JSON.parse((message as MessageEvent<string>).data) as QueueStatus);
    source.addEventListener('progress', take);
    source.addEventListener('admitted', (message) => {
      take(message);
      source.close();
    });
    source.addEventListener('sold_out', (message) => {
      take(message);
      source.close();
    });
    return () => source.close();
  }, [eventId, token]);

  useEffect(() => {
    if (status?.state === 'admitted' && status.accessToken) {
      savePass(eventId, status.accessToken, status.accessExpiresIn);
      navigate(`/events/${eventId}`, { replace: true });
    }
  }, [status, eventId, navigate]);

  if (!session)
    return <Navigate to={`/signin?next=${encodeURIComponent(`/events/${eventId}/queue`)}`} replace />;

  if (status?.position != null && firstPosition.current === null) firstPosition.current = status.position;
  const progress =
    status?.position != null && firstPosition.current
      ? Math.max(4, 100 - ((status.position - 1) / firstPosition.current) * 100)
      : 4;

  return (
    <Box className="hero" mih="calc(100vh - 140px)" py={{ base: 40, sm: 72 }}>
      <Container size="sm">
        <Stack gap="lg">
          <Stack gap={4}>
            <Badge
              variant="white"
              color="dark"
              w="fit-content"
              leftSection={<IconUsersGroup size={14} aria-hidden />}
            >
              Waiting room
            </Badge>
            <Title order={1} fz={{ base: 28, sm: 38 }}>
              {event?.name ?? 'Getting you in line'}
            </Title>
            {event && (
              <Text c="gray.3">
                {formatEventDate(event.date)} · {event.venue}
              </Text>
            )}
          </Stack>

          <Card radius="lg" p="xl" shadow="xl">
            {error ? (
              <ProblemAlert problem={describeProblem(error)} onRetry={() => window.location.reload()} />
            ) : !status ? (
              <Group>
                <Loader size="sm" />
                <Text>Finding your place in line…</Text>
              </Group>
            ) : status.state === 'sold_out' ? (
              <Stack data-testid="queue-sold-out">
                <Title order={2} fz="h3">
                  Sold out
                </Title>
                <Text>Every ticket for this event has been sold. We are sorry you missed out.</Text>
                <Button component={Link} to="/" w="fit-content">
                  Find other events
                </Button>
              </Stack>
            ) : status.state === 'prequeue' ? (
              <Stack data-testid="queue-prequeue">
                <Title order={2} fz="h3">
                  You are in the pre-queue
                </Title>
                <Text>
                  The sale opens {status.opensAt ? formatEventDate(status.opensAt) : 'soon'}. Everyone who
                  joins before then gets a random place in line when it opens, so there is no need to refresh.
                </Text>
              </Stack>
            ) : status.state === 'admitted' ? (
              <Stack>
                <Title order={2} fz="h3">
                  It’s your turn!
                </Title>
                <Button component={Link} to={`/events/${eventId}`} w="fit-content">
                  Choose your seats
                </Button>
              </Stack>
            ) : (
              <Stack gap="md" data-testid="queue-waiting">
                <Text c="gray.7" fw={600}>
                  Your place in line
                </Text>
                <Text
                  fz={64}
                  fw={900}
                  lh={1}
                  data-testid="queue-position"
                  aria-live="polite"
                  aria-atomic="true"
                  aria-label={`Position ${status.position ?? 'unknown'} in line`}
                >
                  {status.position?.toLocaleString('en') ?? '…'}
                </Text>
                <Progress
                  value={progress}
                  size="lg"
                  radius="xl"
                  animated
                  aria-label="Progress through the line"
                />
                <Group grow>
                  <Stack gap={0}>
                    <Text size="sm" c="gray.7">
                      People ahead of you
                    </Text>
                    <Text fw={800} fz="xl" data-testid="queue-ahead">
                      {status.ahead?.toLocaleString('en') ?? '…'}
                    </Text>
                  </Stack>
                  <Stack gap={0}>
                    <Text size="sm" c="gray.7">
                      Estimated wait
                    </Text>
                    <Text fw={800} fz="xl">
                      {etaText(status.etaSeconds)}
                    </Text>
                  </Stack>
                </Group>
                <Text size="sm" c="gray.7">
                  Keep this page open. When it is your turn you go straight to the seat map; your place is
                  kept if you reload.
                </Text>
              </Stack>
            )}
          </Card>
        </Stack>
      </Container>
    </Box>
  );
}

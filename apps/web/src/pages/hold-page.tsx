import {
  Badge,
  Box,
  Button,
  Card,
  Container,
  Divider,
  Grid,
  Group,
  Loader,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCircleCheck, IconTicket } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { LocalCardForm } from '../checkout/local-card-form';
import { Countdown } from '../components/countdown';
import { ProblemAlert } from '../components/problem-alert';
import { formatMoney } from '../lib/format';
import { describeProblem, type Problem } from '../lib/problems';
import { useTRPC, useTRPCClient } from '../lib/trpc';
import { useEventSummary } from '../lib/use-event-summary';
import { useSession } from '../lib/use-session';
import { useReservationEvents } from './use-reservation-events';

const StripeCardForm = lazy(() => import('../checkout/stripe-card-form'));
const publishableKey = import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY as string | undefined;

// A reservation answered 202 exists once a worker has taken it; until then it is 404 for a moment.
const pendingGraceMs = 20_000;

export function HoldPage() {
  const { reservationId = '' } = useParams();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const session = useSession();
  const [openedAt] = useState(Date.now);

  const reservation = useQuery({
    ...trpc.booking.reservation.queryOptions({ reservationID: reservationId }),
    enabled: Boolean(session),
    retry: (_count, error) =>
      describeProblem(error).code === 'RESERVATION_NOT_FOUND' && Date.now() - openedAt < pendingGraceMs,
    retryDelay: 500,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const eventSummary = useEventSummary(reservation.data?.eventID);

  const live = useReservationEvents(reservationId, Boolean(reservation.data));
  const [decline, setDecline] = useState<Problem | null>(null);
  const [localExpired, setLocalExpired] = useState(false);

  const status = live.status ?? reservation.data?.status;
  const orderID = live.orderID ?? reservation.data?.orderID ?? null;
  const expiresIn = live.expiresIn ?? reservation.data?.expiresIn ?? 0;
  // The server's seconds-left added to this clock: the countdown is right whatever the clock skew.
  const deadline = useMemo(() => Date.now() + expiresIn * 1000, [expiresIn]);
  const [totalSeconds] = useState(() => expiresIn);

  useEffect(() => {
    document.title = status === 'confirmed' ? 'Order confirmed · Boxoffice' : 'Checkout · Boxoffice';
  }, [status]);

  useEffect(() => {
    if (live.failure)
      setDecline(describeProblem({ message: live.failure, data: { appCode: 'PAYMENT_FAILED' } }));
  }, [live.failure]);

  const pay = useMutation({
    mutationFn: (paymentMethodId: string) =>
      client.booking.confirm.mutate({ reservationID: reservationId, paymentDetails: { paymentMethodId } }),
    onMutate: () => setDecline(null),
    onSuccess: (answer) =>
      live.apply(
        answer.status === 'confirmed'
          ? { status: 'confirmed', orderID: answer.orderID ?? null }
          : { status: 'payment_pending' },
      ),
    onError: (error) => {
      const problem = describeProblem(error);
      if (problem.code === 'HOLD_EXPIRED') live.apply({ status: 'expired' });
      else {
        live.apply({ status: 'held' });
        setDecline(problem);
      }
    },
  });
  const expire = useCallback(() => setLocalExpired(true), []);
  const navigate = useNavigate();
  // Letting go puts the seats straight back on sale for other fans, rather than in 15 minutes.
  const release = useMutation({
    mutationFn: () => client.booking.cancel.mutate({ reservationID: reservationId }),
    onSuccess: () => navigate(reservation.data ? `/events/${reservation.data.eventID}` : '/'),
  });

  if (!session)
    return <Navigate to={`/signin?next=${encodeURIComponent(`/reservations/${reservationId}`)}`} replace />;

  if (reservation.error) {
    const problem = describeProblem(reservation.error);
    return (
      <Container size="sm" py={60}>
        <ProblemAlert
          problem={
            problem.code === 'RESERVATION_NOT_FOUND'
              ? {
                  ...problem,
                  title: 'We could not hold those seats',
                  message: 'Another fan got them first, or the hold never started.',
                  next: 'Go back to the seat map and pick again.',
                }
              : problem
          }
          action={
            <Button component={Link} to="/" size="xs" variant="white" color="dark">
              Find events
            </Button>
          }
        />
      </Container>
    );
  }
  if (!reservation.data) {
    return (
      <Container size="md" py={60}>
        <Group>
          <Loader size="sm" />
          <Text>Holding your seats…</Text>
        </Group>
      </Container>
    );
  }

  const data = reservation.data;
  const amount = formatMoney(data.total.amount, data.total.currency);
  const ended = status === 'expired' || status === 'cancelled' || (localExpired && status === 'held');
  const seatMapLink = `/events/${data.eventID}`;

  const summary = (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="order-summary">
      <Title order={2} fz="h4" id="order-summary">
        Order summary
      </Title>
      {eventSummary ? (
        <Stack gap={2} mt="xs">
          <Text fw={700}>{eventSummary.name}</Text>
          <Text size="sm" c="gray.7">
            {new Date(eventSummary.date).toLocaleString('en', { dateStyle: 'full', timeStyle: 'short' })}
          </Text>
          <Text size="sm" c="gray.7">
            {eventSummary.venue}
          </Text>
        </Stack>
      ) : (
        <Skeleton h={50} mt="xs" />
      )}
      <Divider my="sm" />
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="held-seats">
        {data.tickets.map((ticket) => (
          <Group component="li" key={ticket.ticketID} justify="space-between">
            <Group gap={6}>
              <IconTicket size={16} aria-hidden />
              <Text size="sm">{ticket.seatNumber}</Text>
            </Group>
            <Text size="sm">{formatMoney(ticket.price, data.total.currency)}</Text>
          </Group>
        ))}
      </Stack>
      <Divider my="sm" />
      <Group justify="space-between">
        <Text fw={700}>Total</Text>
        <Text fw={800} fz="lg">
          {amount}
        </Text>
      </Group>
    </Card>
  );

  if (status === 'confirmed') {
    return (
      <Container size="md" py="xl">
        <Card withBorder radius="lg" p="xl" data-testid="confirmation">
          <Stack align="center" gap="xs" ta="center">
            <ThemeIcon size={64} radius="xl" color="green" variant="light">
              <IconCircleCheck size={40} aria-hidden />
            </ThemeIcon>
            <Title order={1} fz="h2">
              You’re going!
            </Title>
            <Text c="gray.7">Your payment went through and your tickets are booked.</Text>
            <Text mt="sm" size="sm" c="gray.7">
              Order number
            </Text>
            <Text
              ff="monospace"
              fw={700}
              fz="lg"
              data-testid="order-number"
              style={{ wordBreak: 'break-all' }}
            >
              {orderID}
            </Text>
            <Group mt="md">
              <Button component={Link} to="/orders">
                See my orders
              </Button>
              <Button component={Link} to="/" variant="light">
                Find more events
              </Button>
            </Group>
          </Stack>
        </Card>
        <Box mt="lg">{summary}</Box>
      </Container>
    );
  }

  return (
    <Container size="lg" py="xl">
      <Title order={1} fz="h2" mb="lg">
        Checkout
      </Title>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            {ended ? (
              <ProblemAlert
                problem={describeProblem({
                  message: 'The time to pay ran out before the payment was made.',
                  data: { appCode: 'HOLD_EXPIRED' },
                })}
                action={
                  <Button component={Link} to={seatMapLink} size="xs" variant="white" color="dark">
                    Back to the seat map
                  </Button>
                }
              />
            ) : (
              <Card withBorder radius="md" p="md">
                <Countdown
                  deadline={deadline}
                  totalSeconds={totalSeconds}
                  frozen={status === 'payment_pending'}
                  onExpire={expire}
                />
                {status === 'held' && (
                  <Group justify="flex-end" mt="xs">
                    <Button
                      variant="subtle"
                      color="gray"
                      size="xs"
                      loading={release.isPending}
                      onClick={() => release.mutate()}
                    >
                      Release these seats
                    </Button>
                  </Group>
                )}
                {release.error && <ProblemAlert problem={describeProblem(release.error)} />}
              </Card>
            )}
            {!ended && (
              <Card withBorder radius="md" p="md" component="section" aria-labelledby="payment">
                <Group justify="space-between" mb="md">
                  <Title order={2} fz="h4" id="payment">
                    Payment
                  </Title>
                  <Badge variant="light" color={publishableKey ? 'brand' : 'gray'}>
                    {publishableKey ? 'Stripe' : 'Test mode'}
                  </Badge>
                </Group>
                {decline && (
                  <Box mb="md">
                    <ProblemAlert problem={decline} />
                  </Box>
                )}
                {status === 'payment_pending' ? (
                  <Group data-testid="payment-pending" role="status">
                    <Loader size="sm" />
                    <Text>Confirming your payment with the bank…</Text>
                  </Group>
                ) : publishableKey ? (
                  <Suspense fallback={<Skeleton h={160} />}>
                    <StripeCardForm
                      publishableKey={publishableKey}
                      amountLabel={amount}
                      busy={pay.isPending}
                      onPaymentMethod={(id) => pay.mutate(id)}
                    />
                  </Suspense>
                ) : (
                  <LocalCardForm
                    amountLabel={amount}
                    busy={pay.isPending}
                    onPaymentMethod={(id) => pay.mutate(id)}
                  />
                )}
              </Card>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>{summary}</Grid.Col>
      </Grid>
    </Container>
  );
}

import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Container,
  Divider,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconCalendar, IconList, IconMap2, IconMapPin, IconX } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { eventQueryOptions } from '../lib/event-api';
import { formatEventDate, formatMoney } from '../lib/format';
import { notify } from '../lib/notify';
import { describeProblem, type Problem, takenTicketIds } from '../lib/problems';
import { dropPass, queueSettings, readPass } from '../lib/queue-api';
import { useTRPCClient } from '../lib/trpc';
import { useSession } from '../lib/use-session';
import { SeatList } from '../seats/seat-list';
import { layoutSeats, type SeatChange, tierColours } from '../seats/seat-model';
import { useLiveSeats } from '../seats/use-live-seats';

// The map is the heaviest part of the app (SVG, zoom and pan): its own chunk, requested as soon as an
// event page starts loading, in parallel with the event's data rather than after it.
const seatMapChunk = () => import('../seats/seat-map');
const SeatMap = lazy(seatMapChunk);

const maxSeats = 8;
// How long to keep asking about a reservation the worker has not answered yet (then: the hold page).
const pendingPatienceMs = 30_000;
const pickKey = (eventId: string) => `boxoffice.pick.${eventId}`;

type Selection = { kind: 'seats'; ticketIDs: string[] } | { kind: 'best'; quantity: number; section: string };

interface AboutProps {
  event: { description: string; venue: { name: string; address: string; city: string; country: string } };
  visibleFrom?: 'md';
  hiddenFrom?: 'md';
}

/** Below the map on wide screens, below the seat panel on phones (the panel matters more there). */
function AboutCard({ event, ...visibility }: AboutProps) {
  return (
    <Card withBorder radius="md" p="md" mt="lg" {...visibility}>
      <Title order={2} fz="h4" mb="xs">
        About
      </Title>
      <Text>{event.description}</Text>
      <Text size="sm" c="gray.7" mt="sm">
        {event.venue.name}, {event.venue.address}, {event.venue.city}, {event.venue.country}
      </Text>
    </Card>
  );
}

export function EventPage() {
  const { eventId = '' } = useParams();
  const client = useTRPCClient();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    void seatMapChunk();
  }, []);

  // Statuses in this snapshot are kept live by the seat stream from its `seq`: never refetched.
  const eventQuery = useQuery(eventQueryOptions(eventId));
  const settings = useQuery({
    queryKey: ['queue-settings', eventId],
    queryFn: () => queueSettings(eventId),
    staleTime: 30_000,
    retry: false,
  });
  const event = eventQuery.data?.event;

  const layout = useMemo(() => (event ? layoutSeats(event.seatingMap, event.tickets) : null), [event]);
  const snapshot = useMemo(
    () => (event ? { statuses: event.tickets.map((t) => t.status), seq: event.seq } : null),
    [event],
  );
  const colours = useMemo(() => tierColours(event?.priceTiers ?? []), [event]);

  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const [problem, setProblem] = useState<Problem | null>(null);
  // Seats this fan is holding right now: their change to "reserved" on the stream is this fan's own.
  const holding = useRef<ReadonlySet<string>>(new Set());
  const [quantity, setQuantity] = useState('2');
  const [section, setSection] = useState('');

  useEffect(() => {
    if (event) document.title = `${event.name} · Boxoffice`;
  }, [event]);

  // Seats picked before signing in come back after it.
  useEffect(() => {
    if (!layout) return;
    const saved = sessionStorage.getItem(pickKey(eventId));
    if (!saved) return;
    sessionStorage.removeItem(pickKey(eventId));
    const indexes = (JSON.parse(saved) as string[]).flatMap((id) => {
      const index = layout.indexOf.get(id);
      return index === undefined ? [] : [index];
    });
    setSelected(new Set(indexes));
  }, [layout, eventId]);

  // Another fan took a seat this fan had picked: drop it and say so, before they try to hold it.
  const onChanges = useCallback(
    (changes: SeatChange[]) => {
      if (!layout) return;
      const lost = changes.filter(
        (c) =>
          c.status !== 'available' &&
          !holding.current.has(c.ticketID) &&
          selectedRef.current.has(layout.indexOf.get(c.ticketID) ?? -1),
      );
      if (lost.length === 0) return;
      const lostIndexes = new Set(lost.map((c) => layout.indexOf.get(c.ticketID)));
      setSelected((current) => new Set([...current].filter((i) => !lostIndexes.has(i))));
      const labels = lost.map((c) => layout.seats[layout.indexOf.get(c.ticketID) ?? -1]?.label).join(', ');
      notify({
        color: 'orange',
        title: 'A seat you picked was just taken',
        message: `${labels} is no longer available. Pick another seat.`,
      });
    },
    [layout],
  );
  const { statuses, stream } = useLiveSeats(eventId, layout, snapshot, onChanges);

  const toggle = useCallback((index: number) => {
    setProblem(null);
    const current = selectedRef.current;
    if (!current.has(index) && current.size >= maxSeats) {
      notify({
        color: 'gray',
        title: `Up to ${maxSeats} seats`,
        message: `You can hold up to ${maxSeats} seats at a time.`,
      });
      return;
    }
    const next = new Set(current);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    selectedRef.current = next;
    setSelected(next);
  }, []);

  const reserve = useMutation({
    mutationFn: async (selection: Selection) => {
      if (!session) throw new Error('signed out');
      const pass = readPass(eventId);
      const base = { eventID: eventId, userID: session.user.id, ...(pass ? { accessToken: pass } : {}) };
      const input =
        selection.kind === 'seats'
          ? { ...base, ticketIDs: selection.ticketIDs }
          : {
              ...base,
              quantity: selection.quantity,
              ...(selection.section ? { section: selection.section } : {}),
            };
      // A busy worker answers 202 (pending): asking again with the same key joins that same request
      // and gets its verdict (held, or 409 taken) rather than holding a second set of seats.
      const idempotencyKey = crypto.randomUUID();
      const deadline = Date.now() + pendingPatienceMs;
      for (;;) {
        const answer = await client.booking.reserve.mutate(input, { context: { idempotencyKey } });
        if (answer.status === 'held' || Date.now() > deadline) return answer;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    onMutate: (selection) => {
      holding.current = new Set(selection.kind === 'seats' ? selection.ticketIDs : []);
    },
    onSuccess: (answer) => navigate(`/reservations/${answer.reservationID}`),
    onError: (error) => {
      holding.current = new Set();
      const described = describeProblem(error);
      if (described.code === 'FORBIDDEN' && settings.data?.enabled) {
        dropPass(eventId);
        navigate(`/events/${eventId}/queue`);
        return;
      }
      setProblem(described);
      const taken = new Set(takenTicketIds(described).map((id) => layout?.indexOf.get(id)));
      if (taken.size) setSelected((current) => new Set([...current].filter((i) => !taken.has(i))));
    },
  });

  function hold(selection: Selection) {
    setProblem(null);
    if (!session) {
      if (selection.kind === 'seats')
        sessionStorage.setItem(pickKey(eventId), JSON.stringify(selection.ticketIDs));
      navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
      return;
    }
    reserve.mutate(selection);
  }

  if (settings.data?.enabled && !readPass(eventId))
    return <Navigate to={`/events/${eventId}/queue`} replace />;

  if (eventQuery.error) {
    return (
      <Container size="sm" py={60}>
        <ProblemAlert
          problem={describeProblem(eventQuery.error)}
          action={
            <Button component={Link} to="/" size="xs" variant="white" color="dark">
              Find events
            </Button>
          }
        />
      </Container>
    );
  }

  const picked = [...selected].flatMap((i) => (layout?.seats[i] ? [layout.seats[i]] : []));
  const total = picked.reduce((sum, seat) => sum + seat.price, 0);
  const available = statuses.filter((s) => s === 'available').length;
  const onSale =
    event?.status === 'on_sale' || (event?.status === 'scheduled' && new Date(event.onSaleAt) <= new Date());

  return (
    <>
      <Box className="hero" py={{ base: 28, sm: 44 }}>
        <Container size="lg">
          {event ? (
            <Stack gap="xs">
              <Group gap="xs">
                <Badge variant="white" color="dark" tt="capitalize">
                  {event.type}
                </Badge>
                {!onSale && (
                  <Badge color="orange" variant="filled">
                    {event.status === 'scheduled'
                      ? `On sale ${formatEventDate(event.onSaleAt)}`
                      : event.status.replace('_', ' ')}
                  </Badge>
                )}
              </Group>
              <Title order={1} fz={{ base: 28, sm: 42 }} lh={1.1}>
                {event.name}
              </Title>
              <Group gap="lg" c="gray.3">
                <Group gap={6}>
                  <IconCalendar size={18} aria-hidden />
                  <Text>{formatEventDate(event.date)}</Text>
                </Group>
                <Group gap={6}>
                  <IconMapPin size={18} aria-hidden />
                  <Text>
                    {event.venue.name}, {event.venue.city}
                  </Text>
                </Group>
              </Group>
              {event.performers.length > 0 && (
                <Group gap={6} mt={4}>
                  {event.performers.map((p) => (
                    <Badge key={p.performerID} variant="outline" color="gray.2" c="white" size="lg" tt="none">
                      {p.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </Stack>
          ) : (
            <Stack>
              <Skeleton h={20} w={80} />
              <Skeleton h={40} w="60%" />
              <Skeleton h={20} w="40%" />
            </Stack>
          )}
        </Container>
      </Box>

      <Container size="lg" py="lg">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Card withBorder radius="md" p="md">
              <Tabs defaultValue="map" keepMounted={false}>
                <Group justify="space-between" mb="sm" wrap="wrap">
                  <Tabs.List>
                    <Tabs.Tab value="map" leftSection={<IconMap2 size={16} aria-hidden />}>
                      Seat map
                    </Tabs.Tab>
                    <Tabs.Tab value="list" leftSection={<IconList size={16} aria-hidden />}>
                      Seat list
                    </Tabs.Tab>
                  </Tabs.List>
                  <Group gap="sm">
                    {layout && (
                      <Text size="sm" c="gray.7" data-testid="available-count">
                        {available.toLocaleString('en')} of {layout.seats.length.toLocaleString('en')} seats
                        left
                      </Text>
                    )}
                    <Badge
                      variant="dot"
                      color={stream === 'live' ? 'green' : 'orange'}
                      data-testid="stream-state"
                    >
                      {stream === 'live' ? 'Live' : stream === 'reconnecting' ? 'Reconnecting' : 'Connecting'}
                    </Badge>
                  </Group>
                </Group>
                <Tabs.Panel value="map">
                  {layout && event ? (
                    <Suspense fallback={<Skeleton h={420} radius="md" />}>
                      <SeatMap
                        map={event.seatingMap}
                        layout={layout}
                        statuses={statuses}
                        selected={selected}
                        colours={colours}
                        currency={event.currency}
                        onToggle={toggle}
                      />
                    </Suspense>
                  ) : (
                    <Skeleton h={420} radius="md" />
                  )}
                </Tabs.Panel>
                <Tabs.Panel value="list">
                  {layout && event ? (
                    <SeatList
                      layout={layout}
                      statuses={statuses}
                      selected={selected}
                      currency={event.currency}
                      onToggle={toggle}
                    />
                  ) : (
                    <Loader />
                  )}
                </Tabs.Panel>
              </Tabs>
            </Card>
            {event && <AboutCard event={event} visibleFrom="md" />}
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card
              withBorder
              radius="md"
              p="md"
              style={{ position: 'sticky', top: 16 }}
              component="section"
              aria-labelledby="your-seats"
            >
              <Title order={2} fz="h4" id="your-seats">
                Your seats
              </Title>
              {event && (
                <Stack gap={6} mt="sm" aria-label="Legend">
                  {event.priceTiers.map((tier) => (
                    <Group key={tier.code} gap="xs" wrap="nowrap">
                      <Box
                        w={14}
                        h={14}
                        style={{ borderRadius: 7, background: colours.get(tier.code) }}
                        aria-hidden
                      />
                      <Text size="sm" style={{ flex: 1 }}>
                        {tier.name}
                      </Text>
                      <Text size="sm" fw={600}>
                        {formatMoney(tier.price.amount, tier.price.currency)}
                      </Text>
                    </Group>
                  ))}
                  <Group gap="lg">
                    <Group gap="xs">
                      <Box w={14} h={14} style={{ borderRadius: 7, background: '#45405e' }} aria-hidden />
                      <Text size="sm">Taken</Text>
                    </Group>
                    <Group gap="xs">
                      <Box
                        w={14}
                        h={14}
                        style={{ borderRadius: 7, background: '#fff', border: '3px solid #5f34e5' }}
                        aria-hidden
                      />
                      <Text size="sm">Your pick</Text>
                    </Group>
                  </Group>
                </Stack>
              )}
              <Divider my="md" />
              {picked.length === 0 ? (
                <Text size="sm" c="gray.7">
                  Pick seats on the map or in the list, or let us find the best available.
                </Text>
              ) : (
                <Stack
                  gap={4}
                  component="ul"
                  p={0}
                  m={0}
                  style={{ listStyle: 'none' }}
                  data-testid="picked-seats"
                >
                  {picked.map((seat) => (
                    <Group component="li" key={seat.ticketID} justify="space-between" wrap="nowrap">
                      <Text size="sm">
                        Section {seat.section} · Row {seat.row} · Seat {seat.number}
                      </Text>
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {formatMoney(seat.price, event?.currency ?? 'USD')}
                        </Text>
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="gray"
                          aria-label={`Remove seat ${seat.label}`}
                          onClick={() => toggle(layout?.indexOf.get(seat.ticketID) ?? -1)}
                        >
                          <IconX size={14} />
                        </ActionIcon>
                      </Group>
                    </Group>
                  ))}
                </Stack>
              )}
              {picked.length > 0 && (
                <Group justify="space-between" mt={6}>
                  <Text fw={700}>Total</Text>
                  <Text fw={800} data-testid="picked-total">
                    {formatMoney(total, event?.currency ?? 'USD')}
                  </Text>
                </Group>
              )}
              <Button
                mt="md"
                fullWidth
                size="md"
                disabled={picked.length === 0 || !onSale}
                loading={reserve.isPending && reserve.variables?.kind === 'seats'}
                onClick={() => hold({ kind: 'seats', ticketIDs: picked.map((s) => s.ticketID) })}
              >
                {picked.length ? `Hold ${picked.length} seat${picked.length === 1 ? '' : 's'}` : 'Hold seats'}
              </Button>
              {problem && (
                <Box mt="md">
                  <ProblemAlert
                    problem={problem}
                    action={
                      problem.code === 'UNAUTHENTICATED' || problem.code === 'TOKEN_INVALID' ? (
                        <Button
                          component={Link}
                          to={`/signin?next=${encodeURIComponent(location.pathname)}`}
                          size="xs"
                          variant="white"
                          color="dark"
                        >
                          Sign in
                        </Button>
                      ) : undefined
                    }
                  />
                </Box>
              )}
              <Divider
                my="md"
                label={
                  <Text size="xs" c="gray.7">
                    or
                  </Text>
                }
                labelPosition="center"
              />
              <Title order={3} fz="h5">
                Best available
              </Title>
              <Group grow mt="xs" align="flex-end">
                <NativeSelect
                  label="Seats"
                  value={quantity}
                  onChange={(e) => setQuantity(e.currentTarget.value)}
                  data={Array.from({ length: maxSeats }, (_, i) => String(i + 1))}
                />
                <NativeSelect
                  label="Section"
                  value={section}
                  onChange={(e) => setSection(e.currentTarget.value)}
                  data={[
                    { value: '', label: 'Any section' },
                    ...(layout?.sections ?? []).map((s) => ({ value: s.code, label: s.name })),
                  ]}
                />
              </Group>
              <Button
                mt="sm"
                fullWidth
                variant="light"
                disabled={!onSale || !layout}
                loading={reserve.isPending && reserve.variables?.kind === 'best'}
                onClick={() => hold({ kind: 'best', quantity: Number(quantity), section })}
              >
                Find the best {quantity === '1' ? 'seat' : `${quantity} seats`}
              </Button>
              {!session && (
                <Text size="xs" c="gray.7" mt="sm">
                  You will be asked to sign in before seats are held.
                </Text>
              )}
            </Card>
            {event && <AboutCard event={event} hiddenFrom="md" />}
          </Grid.Col>
        </Grid>
      </Container>
    </>
  );
}

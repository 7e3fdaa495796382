import {
  Badge,
  Box,
  Button,
  Card,
  Container,
  Grid,
  Group,
  NativeSelect,
  Pagination,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCalendar, IconMapPin, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { formatEventDate, formatMoney, formatShortDate } from '../lib/format';
import { describeProblem } from '../lib/problems';
import { useTRPC } from '../lib/trpc';
import { eventTypes, readSearch, type SearchForm, searchInput, writeSearch } from './search-params';

const pageSize = 20;

export function SearchPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const form = readSearch(params);
  const input = searchInput(form, pageSize);
  const results = useQuery({ ...trpc.catalog.search.queryOptions(input), placeholderData: keepPreviousData });

  useEffect(() => {
    document.title = form.query ? `“${form.query}” · Boxoffice` : 'Find events · Boxoffice';
  }, [form.query]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: SearchForm = {
      query: String(data.get('query') ?? '').trim(),
      location: String(data.get('location') ?? '').trim(),
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
      type: String(data.get('type') ?? ''),
      page: 1,
    };
    setParams(writeSearch(next));
  }

  const total = results.data?.meta.total ?? 0;
  const pages = Math.min(Math.ceil(total / pageSize), Math.floor(10_000 / pageSize));
  const filtered = Boolean(form.query || form.location || form.from || form.type);

  return (
    <>
      <Box className="hero" py={{ base: 32, sm: 56 }}>
        <Container size="lg">
          <Title order={1} fz={{ base: 32, sm: 48 }} lh={1.1} maw={640}>
            Live events, real seats.
          </Title>
          <Text mt="sm" c="gray.3" maw={560}>
            Concerts, sports, theatre and more. Pick your exact seats on the map and hold them while you pay.
          </Text>
          <Card
            component="form"
            role="search"
            aria-label="Search events"
            onSubmit={submit}
            mt="xl"
            p="md"
            radius="lg"
            shadow="xl"
            key={params.toString()}
          >
            <Grid gap="sm" align="flex-end">
              <Grid.Col span={{ base: 12, md: 4 }}>
                <TextInput
                  name="query"
                  label="Artist, team or event"
                  placeholder="Try “taylor” or “jazz”"
                  defaultValue={form.query}
                  leftSection={<IconSearch size={16} aria-hidden />}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
                <TextInput
                  name="location"
                  label="City"
                  placeholder="Any city"
                  defaultValue={form.location}
                  leftSection={<IconMapPin size={16} aria-hidden />}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 2 }}>
                <TextInput
                  name="from"
                  type="date"
                  label="From"
                  defaultValue={form.from}
                  leftSection={<IconCalendar size={16} aria-hidden />}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 2 }}>
                <TextInput name="to" type="date" label="To" defaultValue={form.to} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, md: 2 }}>
                <NativeSelect
                  name="type"
                  label="Type"
                  data={[{ value: '', label: 'Any type' }, ...eventTypes]}
                  defaultValue={form.type}
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Group justify="flex-end">
                  {filtered && (
                    <Button component={Link} to="/" variant="subtle" color="gray">
                      Clear
                    </Button>
                  )}
                  <Button type="submit" leftSection={<IconSearch size={16} aria-hidden />}>
                    Search
                  </Button>
                </Group>
              </Grid.Col>
            </Grid>
          </Card>
        </Container>
      </Box>

      <Container size="lg" py="xl">
        <Group justify="space-between" mb="md">
          <Title order={2} fz="h3">
            {filtered ? 'Results' : 'Coming up'}
          </Title>
          <Text c="gray.7" size="sm" aria-live="polite" data-testid="result-count">
            {results.data ? `${total.toLocaleString('en')} event${total === 1 ? '' : 's'}` : ''}
          </Text>
        </Group>

        {results.error && (
          <ProblemAlert problem={describeProblem(results.error)} onRetry={() => void results.refetch()} />
        )}
        {results.isPending && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Skeleton key={i} h={120} radius="md" />
            ))}
          </SimpleGrid>
        )}
        {results.data && results.data.events.length === 0 && (
          <Card withBorder p="xl" ta="center">
            <Title order={3} fz="h4">
              No events match
            </Title>
            <Text c="gray.7" mt="xs">
              Try fewer words, another city, or a wider date range.
            </Text>
          </Card>
        )}
        {results.data && results.data.events.length > 0 && (
          <SimpleGrid
            cols={{ base: 1, sm: 2 }}
            spacing="md"
            component="ul"
            style={{ listStyle: 'none', padding: 0, opacity: results.isPlaceholderData ? 0.6 : 1 }}
          >
            {results.data.events.map((event) => {
              const day = formatShortDate(event.date);
              return (
                <Card
                  component="li"
                  key={event.eventID}
                  withBorder
                  padding="md"
                  radius="md"
                  className="event-card"
                  data-testid="event-result"
                >
                  <Group align="flex-start" wrap="nowrap" gap="md">
                    <Stack
                      gap={0}
                      className="date-badge"
                      bg="brand.0"
                      p={6}
                      style={{ borderRadius: 8 }}
                      aria-hidden
                    >
                      <Text size="xs" fw={700} c="brand.8">
                        {day.month}
                      </Text>
                      <Text fz={24} fw={800} c="dark.8">
                        {day.day}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {day.weekday}
                      </Text>
                    </Stack>
                    <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                      <Link
                        to={`/events/${event.eventID}`}
                        style={{ color: 'inherit', textDecoration: 'none' }}
                      >
                        <Text fw={700} fz="lg" lineClamp={2}>
                          {event.name}
                        </Text>
                      </Link>
                      <Text size="sm" c="gray.7">
                        {formatEventDate(event.date)}
                      </Text>
                      <Text size="sm" c="gray.8">
                        {event.venue.name} · {event.venue.city}
                      </Text>
                      <Group gap="xs" mt={4}>
                        <Badge variant="light" color="gray" tt="capitalize">
                          {event.type}
                        </Badge>
                        {event.lowestPrice && (
                          <Text size="sm" fw={700} c="brand.8">
                            From {formatMoney(event.lowestPrice.amount, event.lowestPrice.currency)}
                          </Text>
                        )}
                      </Group>
                    </Stack>
                  </Group>
                </Card>
              );
            })}
          </SimpleGrid>
        )}
        {pages > 1 && (
          <Group justify="center" mt="xl">
            <Pagination
              total={pages}
              value={form.page}
              onChange={(page) => setParams(writeSearch({ ...form, page }))}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
              getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
            />
          </Group>
        )}
      </Container>
    </>
  );
}

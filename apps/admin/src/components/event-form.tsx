import {
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { trpc } from '../api';
import { errorMessage, fieldErrors } from '../errors';
import { fromLocalInput, toLocalInput, toMajorUnits, toMinorUnits } from '../format';

export const eventTypes = ['concert', 'sports', 'theater', 'comedy', 'festival', 'family'] as const;
type EventType = (typeof eventTypes)[number];
const currencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY'];

export interface EventFormValues {
  name: string;
  description: string;
  type: EventType;
  startsAt: string;
  onSaleAt: string;
  venueID: string;
  currency: string;
  priceTiers: { code: string; name: string; price: number }[];
}

interface TierRow {
  code: string;
  name: string;
  price: string;
}

interface Props {
  /** The event as saved, when editing. */
  initial?: EventFormValues & { venueName: string };
  /** Venue, currency and prices can change only while the event is a draft. */
  inventoryLocked?: boolean;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: EventFormValues) => void;
}

/** Create and edit form. Prices are typed in major units and sent as integer minor units. */
export function EventForm({ initial, inventoryLocked = false, submitLabel, busy, error, onSubmit }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [type, setType] = useState<EventType>(initial?.type ?? 'concert');
  const [startsAt, setStartsAt] = useState(initial ? toLocalInput(initial.startsAt) : '');
  const [onSaleAt, setOnSaleAt] = useState(initial ? toLocalInput(initial.onSaleAt) : '');
  const [venueID, setVenueID] = useState<string | null>(initial?.venueID ?? null);
  const [currency, setCurrency] = useState(initial?.currency ?? 'USD');
  const [tiers, setTiers] = useState<TierRow[]>(
    initial?.priceTiers.map((tier) => ({
      code: tier.code,
      name: tier.name,
      price: toMajorUnits(tier.price, initial.currency),
    })) ?? [],
  );
  const [venueSearch, setVenueSearch] = useState('');
  const [venueQuery] = useDebouncedValue(venueSearch, 250);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const venues = useQuery({
    ...trpc.admin.venues.queryOptions({ query: venueQuery || undefined, limit: 50 }),
    enabled: !inventoryLocked,
  });
  const venueOptions = useMemo(() => {
    const options = (venues.data?.venues ?? []).map((venue) => ({
      value: venue.venueID,
      label: `${venue.name}, ${venue.city} (${venue.seats.toLocaleString('en-US')} seats)`,
    }));
    if (initial && !options.some((option) => option.value === initial.venueID))
      options.unshift({ value: initial.venueID, label: initial.venueName });
    return options;
  }, [venues.data, initial]);

  function pickVenue(id: string | null) {
    setVenueID(id);
    const venue = venues.data?.venues.find((v) => v.venueID === id);
    if (!venue) return;
    // The venue's sections name the tiers; keep what was typed for tiers it shares with the last venue.
    setTiers(
      venue.tiers.map((code) => tiers.find((tier) => tier.code === code) ?? { code, name: code, price: '' }),
    );
  }

  const serverErrors = fieldErrors(error);
  const errors = { ...serverErrors, ...localErrors };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const starts = fromLocalInput(startsAt);
    const opens = fromLocalInput(onSaleAt);
    if (!starts) problems.startsAt = 'Pick a date and time';
    if (!opens) problems.onSaleAt = 'Pick a date and time';
    if (!venueID) problems.venueID = 'Pick a venue';
    const priceTiers = tiers.map((tier) => ({
      code: tier.code,
      name: tier.name.trim(),
      price: toMinorUnits(tier.price, currency),
    }));
    const badTier = priceTiers.find((tier) => tier.price === null || !tier.name);
    if (badTier) problems.priceTiers = `Tier ${badTier.code} needs a name and a price like 89.50`;
    setLocalErrors(problems);
    if (Object.keys(problems).length || !starts || !opens || !venueID) return;
    onSubmit({
      name: name.trim(),
      description: description.trim(),
      type,
      startsAt: starts,
      onSaleAt: opens,
      venueID,
      currency,
      priceTiers: priceTiers.map((tier) => ({ ...tier, price: tier.price ?? 0 })),
    });
  }

  return (
    <form onSubmit={submit} aria-label="Event" noValidate>
      <Stack gap="md" maw={880}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            maxLength={200}
          />
          <Select
            label="Type"
            required
            data={eventTypes.map((value) => ({ value, label: value[0]?.toUpperCase() + value.slice(1) }))}
            value={type}
            onChange={(value) => value && setType(value as EventType)}
            allowDeselect={false}
            error={errors.type}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={10}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="Starts"
            description="Your browser's time zone"
            type="datetime-local"
            required
            value={startsAt}
            onChange={(e) => setStartsAt(e.currentTarget.value)}
            error={errors.startsAt}
          />
          <TextInput
            label="On sale from"
            description="Fans can reserve from then while the event is scheduled or on sale"
            type="datetime-local"
            required
            value={onSaleAt}
            onChange={(e) => setOnSaleAt(e.currentTarget.value)}
            error={errors.onSaleAt}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Venue"
            required
            searchable
            placeholder="Search venues by name or city"
            data={venueOptions}
            value={venueID}
            onChange={pickVenue}
            onSearchChange={setVenueSearch}
            searchValue={venueSearch}
            nothingFoundMessage={venues.isFetching ? 'Searching…' : 'No venue matches'}
            disabled={inventoryLocked}
            error={errors.venueID}
            description={
              inventoryLocked
                ? 'Fixed once the event leaves draft: its seats have been offered'
                : 'One ticket is created per seat of its map'
            }
          />
          <Select
            label="Currency"
            data={currencies}
            value={currency}
            onChange={(value) => value && setCurrency(value)}
            allowDeselect={false}
            disabled={inventoryLocked}
            error={errors.currency}
          />
        </SimpleGrid>
        <div>
          <Text fw={500} size="sm">
            Price tiers
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            {inventoryLocked
              ? 'Prices are fixed once the event leaves draft.'
              : "The venue's sections name these tiers; every tier needs a price."}
          </Text>
          {tiers.length === 0 ? (
            <Text size="sm" c="dimmed">
              Pick a venue to see its tiers.
            </Text>
          ) : (
            <Table withTableBorder aria-label="Price tiers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>Tier</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={180}>Price ({currency})</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tiers.map((tier, index) => (
                  <Table.Tr key={tier.code}>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {tier.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`Tier ${tier.code} name`}
                        value={tier.name}
                        disabled={inventoryLocked}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setTiers((rows) =>
                            rows.map((row, i) => (i === index ? { ...row, name: value } : row)),
                          );
                        }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`Tier ${tier.code} price`}
                        inputMode="decimal"
                        placeholder="0.00"
                        value={tier.price}
                        disabled={inventoryLocked}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          setTiers((rows) =>
                            rows.map((row, i) => (i === index ? { ...row, price: value } : row)),
                          );
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {errors.priceTiers && (
            <Text c="red.9" size="sm" mt={4} role="alert">
              {errors.priceTiers}
            </Text>
          )}
        </div>
        {error && Object.keys(serverErrors).length === 0 ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(error)}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

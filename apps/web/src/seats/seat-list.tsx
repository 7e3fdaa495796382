import { Checkbox, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { formatMoney } from '../lib/format';
import type { SeatLayout, SeatStatus } from './seat-model';

interface SeatListProps {
  layout: SeatLayout;
  statuses: readonly SeatStatus[];
  selected: ReadonlySet<number>;
  currency: string;
  onToggle: (index: number) => void;
}

/**
 * The seat map as a form: one section at a time (a stadium has 50,000 seats), rows as groups, every
 * available seat a checkbox named by section, row, seat and price. Taken seats are left out rather
 * than read out as disabled, which is what makes the list quick to move through.
 */
export function SeatList({ layout, statuses, selected, currency, onToggle }: SeatListProps) {
  const counts = useMemo(() => {
    const available = new Map<string, number>();
    layout.seats.forEach((seat, i) => {
      if (statuses[i] === 'available') available.set(seat.section, (available.get(seat.section) ?? 0) + 1);
    });
    return available;
  }, [layout, statuses]);
  const [section, setSection] = useState(layout.sections[0]?.code ?? layout.seats[0]?.section ?? '');

  const rows = useMemo(() => {
    const byRow = new Map<string, number[]>();
    layout.seats.forEach((seat, i) => {
      if (seat.section !== section || (statuses[i] !== 'available' && !selected.has(i))) return;
      const list = byRow.get(seat.row) ?? [];
      list.push(i);
      byRow.set(seat.row, list);
    });
    return [...byRow.entries()];
  }, [layout, statuses, selected, section]);

  const sectionName = (code: string) => layout.sections.find((s) => s.code === code)?.name ?? code;

  return (
    <Stack gap="md" data-testid="seat-list">
      <NativeSelect
        label="Section"
        value={section}
        onChange={(event) => setSection(event.currentTarget.value)}
        data={layout.sections.map((s) => ({
          value: s.code,
          label: `${s.name.includes(s.code) ? s.name : `${s.name} (${s.code})`}: ${counts.get(s.code) ?? 0} available`,
        }))}
      />
      {rows.length === 0 && <Text c="gray.7">No seats left in this section. Try another section.</Text>}
      {rows.map(([row, indexes]) => (
        <fieldset
          key={row}
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, padding: '8px 12px' }}
        >
          <legend>
            <Text size="sm" fw={700} px={4}>
              Row {row}
            </Text>
          </legend>
          <Group gap="xs">
            {indexes.map((i) => {
              const seat = layout.seats[i];
              if (!seat) return null;
              return (
                <Checkbox
                  key={seat.ticketID}
                  checked={selected.has(i)}
                  onChange={() => onToggle(i)}
                  label={`Seat ${seat.number}`}
                  aria-label={`${sectionName(seat.section)}, row ${seat.row}, seat ${seat.number}, ${formatMoney(seat.price, currency)}`}
                  data-label={seat.label}
                />
              );
            })}
          </Group>
        </fieldset>
      ))}
    </Stack>
  );
}

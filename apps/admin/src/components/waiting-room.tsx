import { Alert, Button, Group, NumberInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { trpc } from '../api';
import { errorMessage, fieldErrors } from '../errors';
import { fromLocalInput, toLocalInput } from '../format';
import { notify } from '../notify';

interface Settings {
  enabled: boolean;
  opensAt: string | null;
  admissionRatePerSecond: number;
  memberPriority: boolean;
}

function SettingsForm({ eventID, saved }: { eventID: string; saved: Settings }) {
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(saved.enabled);
  const [opensAt, setOpensAt] = useState(saved.opensAt ? toLocalInput(saved.opensAt) : '');
  const [rate, setRate] = useState<number | string>(saved.admissionRatePerSecond);
  const [memberPriority, setMemberPriority] = useState(saved.memberPriority);
  const configure = useMutation(
    trpc.queue.configure.mutationOptions({
      onSuccess: async () => {
        notify({ color: 'green', message: 'Waiting room saved' });
        await queryClient.invalidateQueries({ queryKey: trpc.queue.settings.queryKey({ eventID }) });
      },
    }),
  );
  const errors = fieldErrors(configure.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    configure.mutate({
      eventID,
      enabled,
      opensAt: opensAt ? fromLocalInput(opensAt) : null,
      admissionRatePerSecond: Number(rate),
      memberPriority,
    });
  }

  return (
    <form onSubmit={submit} aria-label="Waiting room">
      <Stack gap="md" maw={520}>
        <Text size="sm" c="dimmed">
          With the waiting room on, fans join a queue and may reserve only once admitted; the rate sets how
          many are admitted each second.
        </Text>
        <Switch
          label="Waiting room on"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        <TextInput
          label="Queue opens"
          description="Fans who join before then wait in a pre-queue and are shuffled fairly at opening. Empty: open now."
          type="datetime-local"
          value={opensAt}
          onChange={(e) => setOpensAt(e.currentTarget.value)}
          error={errors.opensAt}
        />
        <NumberInput
          label="Admissions per second"
          min={0.1}
          max={10_000}
          decimalScale={2}
          value={rate}
          onChange={setRate}
          error={errors.admissionRatePerSecond}
        />
        <Switch
          label="Members first"
          checked={memberPriority}
          onChange={(e) => setMemberPriority(e.currentTarget.checked)}
        />
        {configure.error && Object.keys(errors).length === 0 ? (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(configure.error)}
          </Alert>
        ) : null}
        <Group>
          <Button type="submit" loading={configure.isPending}>
            Save waiting room
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Per-event waiting-room settings, through queue.settings / queue.configure. */
export function WaitingRoomPanel({ eventID }: { eventID: string }) {
  const settings = useQuery(trpc.queue.settings.queryOptions({ eventID }));
  if (settings.error)
    return (
      <Alert color="red" variant="light">
        {errorMessage(settings.error)}
      </Alert>
    );
  if (!settings.data) return null;
  const { data } = settings;
  return (
    <SettingsForm
      key={`${data.enabled}-${data.opensAt}-${data.admissionRatePerSecond}-${data.memberPriority}`}
      eventID={eventID}
      saved={data}
    />
  );
}

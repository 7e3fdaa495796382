import { Anchor, Breadcrumbs, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { trpc } from '../api';
import { EventForm } from '../components/event-form';
import { notify } from '../notify';

export function NewEventPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.admin.createEvent.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
        notify({
          color: 'green',
          title: 'Draft created',
          message: `${created.tickets?.toLocaleString('en-US')} tickets minted`,
        });
        navigate(`/events/${created.eventID}`);
      },
    }),
  );
  return (
    <Stack gap="md">
      <Breadcrumbs>
        <Anchor component={Link} to="/">
          Events
        </Anchor>
        <span>New</span>
      </Breadcrumbs>
      <Title order={2}>New event</Title>
      <EventForm
        submitLabel="Create draft"
        busy={create.isPending}
        error={create.error}
        onSubmit={(values) => create.mutate(values)}
      />
    </Stack>
  );
}

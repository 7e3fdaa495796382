import { Alert } from '@mantine/core';
import { errorMessage } from '../errors';

export function ErrorNotice({ error }: { error: unknown }) {
  return (
    <Alert color="red" variant="light" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}

import { Alert, Box, Button, Stack, Text } from '@mantine/core';
import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js';
import { IconLock } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';

interface CardFormProps {
  publishableKey: string;
  amountLabel: string;
  busy: boolean;
  onPaymentMethod: (paymentMethodId: string) => void;
}

let stripePromise: ReturnType<typeof loadStripe> | null = null;

/** Stripe Elements: the card goes from Stripe's iframe to Stripe, and we receive a PaymentMethod id. */
function ElementsForm({ amountLabel, busy, onPaymentMethod }: Omit<CardFormProps, 'publishableKey'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) return;
    setCreating(true);
    setError(null);
    const result = await stripe.createPaymentMethod({ type: 'card', card });
    setCreating(false);
    if (result.error) setError(result.error.message ?? 'Check your card details');
    else onPaymentMethod(result.paymentMethod.id);
  }

  return (
    <form onSubmit={submit} aria-label="Card payment">
      <Stack gap="sm">
        <Text component="label" size="sm" fw={500}>
          Card
        </Text>
        <Box p="sm" style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8 }}>
          <CardElement options={{ hidePostalCode: true }} />
        </Box>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button
          type="submit"
          size="md"
          loading={busy || creating}
          disabled={!stripe}
          leftSection={<IconLock size={16} aria-hidden />}
        >
          Pay {amountLabel}
        </Button>
      </Stack>
    </form>
  );
}

export default function StripeCardForm({ publishableKey, ...props }: CardFormProps) {
  stripePromise ??= loadStripe(publishableKey);
  return (
    <Elements stripe={stripePromise}>
      <ElementsForm {...props} />
    </Elements>
  );
}

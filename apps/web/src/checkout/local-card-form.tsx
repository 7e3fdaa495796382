import { paymentMethodForTestCard, testCards } from '@boxoffice/payments/test-cards';
import { Accordion, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { expiryProblem } from './card-checks';

interface CardFormProps {
  amountLabel: string;
  busy: boolean;
  onPaymentMethod: (paymentMethodId: string) => void;
}

/** "4242424242424242" -> "4242 4242 4242 4242" while typing. */
const groupDigits = (value: string) =>
  value
    .replace(/\D/g, '')
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * The local gateway's card form. The number never leaves the browser: Stripe's published test card
 * numbers map here to their test PaymentMethod ids (pm_card_visa, pm_card_chargeDeclined, ...), and
 * only that id is sent, as Stripe.js would after tokenizing a real card.
 */
export function LocalCardForm({ amountLabel, busy, onPaymentMethod }: CardFormProps) {
  const [number, setNumber] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    const paymentMethod = paymentMethodForTestCard(number);
    if (!paymentMethod) next.number = 'Use one of Stripe’s test cards, for example 4242 4242 4242 4242';
    const expiry = expiryProblem(String(data.get('expiry') ?? ''));
    if (expiry) next.expiry = expiry;
    if (!/^\d{3,4}$/.test(String(data.get('cvc') ?? ''))) next.cvc = '3 or 4 digits';
    setErrors(next);
    if (paymentMethod && Object.keys(next).length === 0) onPaymentMethod(paymentMethod);
  }

  return (
    <Stack gap="md">
      {/* action-less and never submitted: the fields are read here and only a payment method id goes out */}
      <form onSubmit={submit} aria-label="Card payment" noValidate>
        <Stack gap="sm">
          <TextInput
            label="Card number"
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="4242 4242 4242 4242"
            value={number}
            onChange={(e) => setNumber(groupDigits(e.currentTarget.value))}
            error={errors.number}
            required
          />
          <Group grow align="flex-start">
            <TextInput
              name="expiry"
              label="Expiry"
              placeholder="MM / YY"
              autoComplete="cc-exp"
              error={errors.expiry}
              required
            />
            <TextInput
              name="cvc"
              label="CVC"
              placeholder="123"
              inputMode="numeric"
              autoComplete="cc-csc"
              maxLength={4}
              error={errors.cvc}
              required
            />
          </Group>
          <TextInput name="name" label="Name on card" autoComplete="cc-name" />
          <Button type="submit" size="md" loading={busy} leftSection={<IconLock size={16} aria-hidden />}>
            Pay {amountLabel}
          </Button>
          <Text size="xs" c="gray.7">
            Test mode: your card number stays in this browser. Only a Stripe test payment method id is sent.
          </Text>
        </Stack>
      </form>
      <Accordion variant="contained">
        <Accordion.Item value="cards">
          <Accordion.Control>Stripe test cards</Accordion.Control>
          <Accordion.Panel>
            <Table fz="xs" verticalSpacing={4}>
              <Table.Tbody>
                {testCards.slice(0, 14).map((card) => (
                  <Table.Tr key={card.number}>
                    <Table.Td ff="monospace">{card.number}</Table.Td>
                    <Table.Td>{card.label}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setNumber(groupDigits(card.number))}
                        aria-label={`Use ${card.label}`}
                      >
                        Use
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="gray.7" mt={4}>
              Any future expiry date and any 3-digit CVC.
            </Text>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}

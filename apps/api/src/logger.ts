import pino from 'pino';

/** JSON logs; card data, passwords and tokens never reach them. */
export function createLogger(level: string) {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        '*.password',
        '*.refreshToken',
        '*.accessToken',
        '*.cardNumber',
        '*.cvv',
        '*.cvc',
        '*.paymentDetails',
      ],
      censor: '[redacted]',
    },
  });
}

import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './root';

/** The REST facade's contract, generated from the same procedures the tRPC clients call. */
export function openApiDocument(baseUrl: string) {
  return generateOpenApiDocument(appRouter, {
    title: 'Boxoffice API',
    description:
      'REST facade of the Boxoffice tRPC API. Errors are {"error":{"code","message","details"}} with 400 bad input, ' +
      '401/403 auth, 402 payment failed, 404 unknown, 409 conflict, 429 rate limit.',
    version: '0.1.0',
    baseUrl,
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  });
}

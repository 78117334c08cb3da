// OpenAPI declarations of the sandbox admin API (/v1/sandbox/*, admin bearer token): the same operations as SandboxAdmin.
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorSchema } from '../../bank-api/contract.ts';
import {
  accountInputSchema,
  accountViewSchema,
  bankLetterInputSchema,
  bankLetterViewSchema,
  certificateInputSchema,
  certificateViewSchema,
  clientInputSchema,
  clientViewSchema,
  clockInputSchema,
  clockViewSchema,
  faultStateSchema,
  faultUpdateSchema,
  fxRatesInputSchema,
  fxRatesViewSchema,
  incomingPaymentSchema,
  incomingViewSchema,
  policyInputSchema,
  tickViewSchema,
} from '../admin-schemas.ts';
import { json } from './http.ts';

const SECURITY = [{ admin: [] }];
const ERRORS = {
  400: json(errorSchema, 'Malformed request'),
  401: json(errorSchema, 'Missing or wrong admin token (code AUTH)'),
  404: json(errorSchema, 'Unknown client or account'),
  409: json(errorSchema, 'Conflicts with what exists (code ACCOUNT_EXISTS)'),
};
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const clientParam = z.object({ client_id: z.string().min(1) });

export const putClientRoute = createRoute({
  method: 'put',
  path: '/v1/sandbox/clients/{client_id}',
  security: SECURITY,
  summary: 'Create or update a client; the token is returned when set or generated (null when unchanged)',
  request: { params: clientParam, ...body(clientInputSchema.omit({ client_id: true })) },
  responses: { 200: json(clientViewSchema, 'The client'), ...ERRORS },
});

export const putPolicyRoute = createRoute({
  method: 'put',
  path: '/v1/sandbox/clients/{client_id}/policy',
  security: SECURITY,
  summary: "Set the client's signature policy rules (signer/config.ts policies; the default single or first+second applies last)",
  request: { params: clientParam, ...body(policyInputSchema) },
  responses: { 200: json(policyInputSchema, 'The rules'), ...ERRORS },
});

export const postAccountRoute = createRoute({
  method: 'post',
  path: '/v1/sandbox/accounts',
  security: SECURITY,
  summary: 'Open an account with an opening balance',
  request: body(accountInputSchema),
  responses: { 200: json(accountViewSchema, 'The account'), ...ERRORS },
});

export const getAccountsRoute = createRoute({
  method: 'get',
  path: '/v1/sandbox/accounts',
  security: SECURITY,
  summary: 'Accounts and balances (minor units), of one client or all',
  request: { query: z.object({ client_id: z.string().optional() }) },
  responses: { 200: json(z.array(accountViewSchema), 'Accounts'), ...ERRORS },
});

export const postCertificateRoute = createRoute({
  method: 'post',
  path: '/v1/sandbox/certificates',
  security: SECURITY,
  summary: "Register a signer's certificate with a right on an account (or '*')",
  request: body(certificateInputSchema),
  responses: { 200: json(certificateViewSchema, 'The certificate and all its rights'), ...ERRORS },
});

export const postIncomingRoute = createRoute({
  method: 'post',
  path: '/v1/sandbox/incoming-payments',
  security: SECURITY,
  summary: 'Book an incoming payment from another bank (random valid counterparty unless given)',
  request: body(incomingPaymentSchema),
  responses: { 200: json(incomingViewSchema, 'The credit entry'), ...ERRORS },
});

export const getFaultsRoute = createRoute({ method: 'get', path: '/v1/sandbox/faults', security: SECURITY, summary: 'Fault knobs', responses: { 200: json(faultStateSchema, 'Knobs'), ...ERRORS } });

export const putFaultsRoute = createRoute({
  method: 'put',
  path: '/v1/sandbox/faults',
  security: SECURITY,
  summary: 'Turn fault knobs (each a value, or { value, next: N } for the next N requests)',
  request: body(faultUpdateSchema),
  responses: { 200: json(faultStateSchema, 'Knobs'), ...ERRORS },
});

export const getClockRoute = createRoute({ method: 'get', path: '/v1/sandbox/clock', security: SECURITY, summary: 'The sandbox clock', responses: { 200: json(clockViewSchema, 'Clock'), ...ERRORS } });

export const putClockRoute = createRoute({
  method: 'put',
  path: '/v1/sandbox/clock',
  security: SECURITY,
  summary: 'Set ({ now }) or advance ({ advance_ms }) the sandbox clock; due documents execute before the answer',
  request: body(clockInputSchema),
  responses: { 200: json(clockViewSchema, 'Clock'), ...ERRORS },
});

export const getRatesRoute = createRoute({ method: 'get', path: '/v1/sandbox/fx-rates', security: SECURITY, summary: 'FX rates', responses: { 200: json(fxRatesViewSchema, 'Rates'), ...ERRORS } });

export const putRatesRoute = createRoute({
  method: 'put',
  path: '/v1/sandbox/fx-rates',
  security: SECURITY,
  summary: "Add or replace pairs: { 'USD/KZT': { buy, sell } } or { mid, spread }",
  request: body(fxRatesInputSchema),
  responses: { 200: json(fxRatesViewSchema, 'Rates'), ...ERRORS },
});

export const postBankLetterRoute = createRoute({
  method: 'post',
  path: '/v1/sandbox/letters',
  security: SECURITY,
  summary: 'Write a letter from the bank to a client',
  request: body(bankLetterInputSchema),
  responses: { 200: json(bankLetterViewSchema, 'The letter'), ...ERRORS },
});

export const postTickRoute = createRoute({ method: 'post', path: '/v1/sandbox/tick', security: SECURITY, summary: 'Run the background tick now', responses: { 200: json(tickViewSchema, 'What it did'), ...ERRORS } });

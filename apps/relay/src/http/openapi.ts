// The OpenAPI 3.1 description of the relay's HTTP API, generated from zod schemas by
// @asteasolutions/zod-to-openapi and served at GET /api/v1/openapi.json. docs/api.md is the
// prose beside it.
//
// Adding a route: one entry in ROUTES (method, OpenAPI path, summary, who may call it, and the
// zod schemas of its body, query and answer where it has them). A unit test fails for any
// Express route missing here, and for any path here that the relay answers with "no such
// endpoint".
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import {
  cashMoveInputSchema,
  closeInputSchema,
  REPORT_DIMENSIONS,
  shopSettingsSchema,
  tillStatusSchema,
  wireBillSchema,
} from '@caja/models';
import { z } from 'zod';

/** Who may call a route: anyone, any bearer token (till, RELAY_TOKEN, admin), or the admin. */
export type Access = 'public' | 'token' | 'admin';

export interface RouteDoc {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  /** OpenAPI form: `/api/v1/bills/{id}`. */
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success answer's JSON body; absent for non-JSON answers (say so in `produces`). */
  answer?: z.ZodType;
  /** The success status; 200 unless said. */
  status?: number;
  /** Content type of a non-JSON success answer. */
  produces?: string;
}

const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().meta({ description: 'Written for a person: the problem and the fix.' }),
      field: z.string().meta({ description: 'The field at fault, or "" for the whole request.' }),
    }),
  })
  .meta({ id: 'Error' });

const bill = wireBillSchema.meta({ id: 'Bill' });
const receipt = z
  .object({ id: z.string(), version: z.int(), shiftDate: z.iso.date(), lsn: z.int() })
  .meta({ id: 'Receipt' });
const date = z.iso.date();
const moneyFigure = z.object({ bills: z.int(), total: z.int() }).meta({ id: 'MoneyFigure' });
const shopSettings = shopSettingsSchema.meta({ id: 'ShopSettings' });
const catalog = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        price: z.int().min(0),
        colour: z
          .string()
          .regex(/^#[0-9a-f]{6}$/)
          .optional()
          .meta({ description: "The quick key's colour, #rrggbb" }),
      }),
    ),
    updatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Catalog' });
/** An answer documented in docs/api.md whose schema is not spelled out here yet. */
const object = z.looseObject({});
const range = z.object({ from: date.optional(), to: date.optional() });
const stat = { total: z.int(), count: z.int(), average: z.int() };
const zReport = z
  .looseObject({
    zNumber: z.int().min(1),
    date,
    closedAt: z.iso.datetime(),
    tills: z.record(
      z.string(),
      z.object({
        firstNumber: z.int().nullable(),
        lastNumber: z.int().nullable(),
        billCount: z.int(),
        total: z.int(),
      }),
    ),
    byTender: z.object({ cash: z.int(), card: z.int(), other: z.int() }),
    refunds: z.object({ count: z.int(), total: z.int() }),
    voids: z.object({ count: z.int(), total: z.int() }),
    cashMoves: z.int(),
    expectedCash: z.int(),
    countedCash: z.int(),
    difference: z.int(),
    grandTotal: z.int(),
    chainHead: z.string().length(64),
    tillsWithUnsentBills: z.array(z.object({ tillId: z.string(), outbox: z.int() })),
  })
  .meta({ id: 'Z' });
const report = z
  .object({
    from: date,
    to: date,
    by: z.enum(REPORT_DIMENSIONS),
    rows: z.array(z.object({ key: z.string(), ...stat, max: z.int(), min: z.int() })),
    totals: z.object({ ...stat, max: z.int().nullable(), min: z.int().nullable() }),
  })
  .meta({ id: 'Report' });

export const ROUTES: RouteDoc[] = [
  // Bills
  {
    method: 'put',
    path: '/api/v1/bills/{id}',
    summary: 'Upload one bill (201 new, 200 same or newer version stored)',
    access: 'token',
    body: bill,
    answer: receipt,
    status: 201,
  },
  {
    method: 'post',
    path: '/api/v1/bills/batch',
    summary: 'Upload up to 500 bills; each has its own status',
    access: 'token',
    body: z.object({ bills: z.array(bill).max(500) }),
    answer: z.object({ results: z.array(object) }),
  },
  {
    method: 'get',
    path: '/api/v1/bills/{id}',
    summary: 'One bill with its business day, journal position and sync state',
    access: 'token',
    answer: z.looseObject({ bill, shiftDate: date, lsn: z.int() }),
  },
  // Days
  {
    method: 'get',
    path: '/api/v1/shifts',
    summary: 'Day summaries between two dates',
    access: 'token',
    query: z.object({ from: date, to: date }),
    answer: object,
  },
  {
    method: 'get',
    path: '/api/v1/shifts/{date}',
    summary: "One day's bills and totals",
    access: 'token',
    answer: object,
  },
  {
    method: 'get',
    path: '/api/v1/events',
    summary: 'Server-sent events: the day summary after each accepted bill',
    access: 'token',
    produces: 'text/event-stream',
  },
  // Catalog and settings
  {
    method: 'get',
    path: '/api/v1/catalog',
    summary: "The shop's quick keys",
    access: 'token',
    answer: catalog,
  },
  {
    method: 'put',
    path: '/api/v1/catalog',
    summary: 'Replace the catalog',
    access: 'admin',
    body: catalog,
    answer: catalog,
  },
  {
    method: 'get',
    path: '/api/v1/settings',
    summary: 'Receipt header, currency, locale, typo guard, time zone',
    access: 'token',
    answer: shopSettings,
  },
  {
    method: 'put',
    path: '/api/v1/settings',
    summary:
      "The owner's changes to the shop settings (all but the time zone); 422 names the bad field",
    access: 'admin',
    body: shopSettings.omit({ timeZone: true }).partial(),
    answer: shopSettings,
  },
  // Pairing, tills, owner sessions
  {
    method: 'post',
    path: '/api/v1/pair',
    summary: 'Pair a till with a code; answers its token',
    access: 'public',
    body: z.object({
      code: z.string(),
      tillName: z.string().optional(),
      tillId: z
        .string()
        .optional()
        .meta({
          description:
            'The id this device had before its till was revoked: a revoked till gets it back (its ' +
            'numbers continue); any other id, or none, makes a new till numbering from 1.',
        }),
    }),
    answer: z.object({ token: z.string(), tillId: z.string() }),
    status: 201,
  },
  {
    method: 'post',
    path: '/api/v1/admin/pairing-codes',
    summary: 'Issue a pairing code',
    access: 'admin',
    answer: z.object({ code: z.string(), expiresAt: z.iso.datetime() }),
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/admin/tills',
    summary: 'Tills: pairing, highest bill number, missing numbers, last status report',
    access: 'admin',
    answer: z.object({
      tills: z.array(
        z.looseObject({
          tillId: z.string(),
          name: z.string().nullable(),
          lastSeenAt: z.iso.datetime().nullable(),
          highestNumber: z.int(),
          missingNumbers: z.array(z.int()).max(100),
          reported: object.nullable(),
        }),
      ),
    }),
  },
  {
    method: 'put',
    path: '/api/v1/tills/me/status',
    summary: "A till's own report: highest number, unsent bills, storage, app version",
    access: 'token',
    body: tillStatusSchema,
    answer: object,
  },
  // Ledger
  {
    method: 'get',
    path: '/api/v1/days/{date}/cash-moves',
    summary: "The day's cash moves in the order recorded: {moves}",
    access: 'admin',
    answer: z.object({ moves: z.array(object) }),
  },
  {
    method: 'post',
    path: '/api/v1/days/{date}/cash-moves',
    summary: 'Record cash put in (positive) or taken out (negative) of the drawer',
    access: 'admin',
    body: cashMoveInputSchema,
    answer: object,
    status: 201,
  },
  {
    method: 'post',
    path: '/api/v1/days/{date}/close',
    summary:
      'Close the day: the Z (409 with the existing Z when closed already; 409 day_forgotten when its bills were cleaned up too long ago)',
    access: 'admin',
    body: closeInputSchema,
    answer: zReport,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/days/{date}/z',
    summary: "Reprint a day's Z, with the bills that arrived after it (lateBills)",
    access: 'admin',
    answer: zReport,
  },
  {
    method: 'get',
    path: '/api/v1/exceptions',
    summary: 'Over-refunds, voids, modifications, late bills, missing numbers',
    access: 'admin',
    query: range,
    answer: z.object({ exceptions: z.array(object) }),
  },
  {
    method: 'get',
    path: '/api/v1/reports',
    summary: 'Totals by day, week, month, till, tender, hour or item (CSV with Accept: text/csv)',
    access: 'admin',
    query: range.extend({ by: z.enum(REPORT_DIMENSIONS).optional() }),
    answer: report,
  },
  {
    method: 'patch',
    path: '/api/v1/admin/tills/{tillId}',
    summary: 'Rename a till (1 to 64 printable characters)',
    access: 'admin',
    body: z.object({ name: z.string().min(1).max(64) }),
    answer: object,
  },
  {
    method: 'delete',
    path: '/api/v1/admin/tills/{tillId}',
    summary: "Revoke a till's token",
    access: 'admin',
    answer: object,
  },
  {
    method: 'post',
    path: '/api/v1/owner/session',
    summary: 'Open a back-office session with OWNER_PASSWORD (or ADMIN_TOKEN)',
    access: 'public',
    body: z.object({ password: z.string() }),
    answer: z.object({ token: z.string(), expiresAt: z.iso.datetime() }),
    status: 201,
  },
  {
    method: 'delete',
    path: '/api/v1/owner/session',
    summary: 'Close the back-office session',
    access: 'admin',
    status: 204,
  },
  // Operations
  {
    method: 'get',
    path: '/api/v1/health',
    summary: 'Storage and sync health (no auth: for monitoring)',
    access: 'public',
    answer: z.looseObject({ status: z.enum(['ok', 'degraded']) }),
  },
  {
    method: 'post',
    path: '/api/v1/sync',
    summary: 'Run a DynamoDB sync now',
    access: 'admin',
    answer: object,
  },
  {
    method: 'get',
    path: '/api/v1/sync/conflicts',
    summary: 'Bills DynamoDB holds at the same version with other content (sync conflicts)',
    access: 'admin',
    answer: z.object({
      conflicts: z.array(
        z.object({
          id: z.string(),
          version: z.int(),
          date,
          lsn: z.int(),
          at: z.iso.datetime(),
        }),
      ),
    }),
  },
  {
    method: 'post',
    path: '/api/v1/sync/conflicts/{id}/resolve',
    summary:
      "Resolve a sync conflict: this relay's version goes to DynamoDB, the other content stays there on record as a CONFLICT# item",
    access: 'admin',
    answer: z.object({ id: z.string(), resolved: z.literal(true) }),
  },
  {
    method: 'get',
    path: '/api/v1/alerts',
    summary: "The sync's recent alerts, newest first (state changes, refused bills, conflicts)",
    access: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional() }),
    answer: z.object({
      alerts: z.array(
        z.object({
          at: z.iso.datetime(),
          code: z.string(),
          message: z.string(),
          billId: z.string().optional(),
          date: date.optional(),
        }),
      ),
    }),
  },
  {
    method: 'get',
    path: '/api/v1/admin/money-places',
    summary: "A day's bills and money at the relay, in DynamoDB and not yet there",
    access: 'admin',
    query: z.object({ date: date.optional() }),
    answer: z.object({
      date,
      atRelay: moneyFigure,
      inCloud: moneyFigure,
      notInCloud: moneyFigure,
      allDaysNotInCloud: moneyFigure.extend({ oldestDate: date.nullable() }),
    }),
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    access: 'public',
    answer: object,
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    access: 'public',
    produces: 'text/plain',
  },
  {
    method: 'get',
    path: '/ca.crt',
    summary: "The shop's local certificate authority, for tablets",
    access: 'public',
    produces: 'application/x-x509-ca-cert',
  },
];

const DESCRIPTION = {
  public: 'No authentication.',
  token: 'Bearer token: a paired till, RELAY_TOKEN or ADMIN_TOKEN.',
  admin: 'Bearer token: ADMIN_TOKEN or an owner session.',
} as const;

/** The OpenAPI 3.1 document for `routes`. */
export function openApiDocument(routes: readonly RouteDoc[] = ROUTES): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      description: DESCRIPTION[route.access],
      security: route.access === 'public' ? [] : [{ [bearer.name]: [] }],
      request: {
        params:
          params.length > 0
            ? z.object(Object.fromEntries(params.map((name) => [name, z.string()])))
            : undefined,
        query: route.query,
        body: route.body ? json(route.body) : undefined,
      },
      responses: {
        [route.status ?? 200]: {
          description: 'Success',
          ...(route.answer
            ? json(route.answer)
            : route.produces
              ? { content: { [route.produces]: { schema: { type: 'string' } } } }
              : {}),
        },
        default: { description: 'An error, in the API error shape', ...json(errorSchema) },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Caja relay API',
      version: '1',
      description: 'The API of the relay a shop runs on its network. See docs/api.md.',
    },
  });
}

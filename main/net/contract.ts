// The server API the client speaks: one written contract, validated on both sides.
// The client (main/net/client.ts) parses every response with these schemas; the
// sandbox server (test/sandbox) parses every request with them and builds its
// responses from the same types. The real Single Window API is not public, so this
// file IS the API definition. Paths are relative to the configured server URL.

import { z } from 'zod';

export const API_PREFIX = '/api/v1';

/** 16 characters (type letter + 2-digit year + 9-character registration + 4-digit serial); two-letter types make 17. */
export const CERTIFICATE_NUMBER = /^[A-Z]{1,2}\d{2}[0-9A-Z]{9}\d{4}$/;

/** Certificate types and their number letters (PRODUCT.md §3). */
export const CERTIFICATE_TYPES = [
  'C', 'E', 'B', 'K', 'A', 'N', 'P', 'F', 'S', 'I', 'GE', 'X', 'H', 'MU', 'RC', 'BR', 'R', 'L', 'T', 'TR', 'PR',
] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoDateTime = z.iso.datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export const roleSchema = z.enum(['legal-person', 'operator', 'password']);
export const layoutStatusSchema = z.enum(['generated', 'sending', 'received']);
export const archiveStatusSchema = z.enum(['unarchived', 'archived']);
export const printStatusSchema = z.enum(['pending', 'printed']);
export const printKindSchema = z.enum(['both', 'original', 'copy']);
export const layoutKindSchema = z.enum(['original', 'copy']);
export const spoolerOutcomeSchema = z.enum(['completed', 'aborted', 'canceled', 'unknown']);

// ---------------------------------------------------------------------------
// Errors: every non-2xx answer has this body.

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'BAD_CREDENTIALS',
  'VALIDATION',
  'NOT_FOUND',
  'ARCHIVED',
  'ORIGINAL_ALREADY_PRINTED',
  'LAYOUT_NOT_READY',
  'IDEMPOTENCY_CONFLICT',
  'INTERNAL',
] as const;
export const apiErrorSchema = z.object({
  error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string().max(2000) }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

// ---------------------------------------------------------------------------
// Session

export const passwordLoginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type PasswordLoginRequest = z.infer<typeof passwordLoginRequestSchema>;

export const sessionSchema = z.object({
  token: z.string().min(16).max(512),
  expiresAt: isoDateTime,
  user: z.object({
    userId: id,
    name: z.string().min(1).max(100),
    role: roleSchema,
    enterpriseCode: z.string().regex(/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/),
    enterpriseName: z.string().min(1).max(200),
  }),
});
export type SessionDto = z.infer<typeof sessionSchema>;

// ---------------------------------------------------------------------------
// Certificates

export const goodsItemSchema = z.object({
  itemNumber: z.number().int().positive(),
  marks: z.string().max(500),
  description: z.string().max(2000),
  hsCode: z.string().regex(/^\d{6,10}$/),
  originCriterion: z.string().max(50),
  quantity: z.string().max(100),
  grossWeight: z.string().max(100),
  fobValue: z.string().max(100),
});

export const layoutFileSchema = z.object({ sha256: sha256Hex, size: z.number().int().positive() });

export const certificateSchema = z.object({
  certificateId: id,
  /** Monotonic change sequence; the sync cursor is the largest seen. */
  seq: z.number().int().nonnegative(),
  number: z.string().regex(CERTIFICATE_NUMBER),
  type: z.enum(CERTIFICATE_TYPES),
  applicant: z.string().min(1).max(200),
  applicantCode: z.string().max(18),
  exporter: z.string().max(1000),
  consignee: z.string().max(1000),
  producer: z.string().max(1000),
  transport: z.string().max(1000),
  destinationCountry: z.string().min(1).max(60),
  goods: z.array(goodsItemSchema).max(200),
  invoiceNumber: z.string().max(100),
  invoiceDate: isoDate,
  remarks: z.string().max(2000),
  backToBack: z.boolean(),
  thirdPartyInvoicing: z.boolean(),
  issuedRetroactively: z.boolean(),
  issueDate: isoDate,
  /** Time of the last approval receipt (审批回执). */
  approvedAt: isoDateTime,
  layoutStatus: layoutStatusSchema,
  archiveStatus: archiveStatusSchema,
  printStatus: printStatusSchema,
  exceptionPrintCount: z.number().int().nonnegative(),
  /** Present once the layout status is `received`. */
  layouts: z.object({ original: layoutFileSchema, copy: layoutFileSchema }).nullable(),
  updatedAt: isoDateTime,
});
export type CertificateDto = z.infer<typeof certificateSchema>;

export const MAX_CHANGES_PAGE = 1000;

export const changesQuerySchema = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).default(500),
});

export const changesPageSchema = z.object({
  items: z.array(certificateSchema).max(MAX_CHANGES_PAGE),
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

/** Layout PDFs come as application/pdf with this header; the client checks it and the certificate's `layouts` hash. */
export const LAYOUT_HASH_HEADER = 'x-content-sha256';

// ---------------------------------------------------------------------------
// Prints. Every write carries an Idempotency-Key header: the server applies a key
// once and answers a repeat with the first answer.

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** Registers a print before it is spooled; for an original this is what makes it "once". */
export const printRegistrationSchema = z.object({
  printId: id,
  certificateId: id,
  kind: printKindSchema,
  printerName: z.string().min(1).max(200),
});
export type PrintRegistration = z.infer<typeof printRegistrationSchema>;

/** The user's answer to 请确认证书(…)是否已打印成功: yes archives the certificate. */
export const printConfirmationSchema = z.object({
  answer: z.enum(['yes', 'no']),
  spoolerOutcome: spoolerOutcomeSchema,
});
export type PrintConfirmation = z.infer<typeof printConfirmationSchema>;

export const printResponseSchema = z.object({
  printId: id,
  certificate: certificateSchema,
});
export type PrintResponse = z.infer<typeof printResponseSchema>;

export const paths = {
  passwordLogin: `${API_PREFIX}/session/password`,
  session: `${API_PREFIX}/session`,
  changes: `${API_PREFIX}/certificates/changes`,
  layout: (certificateId: string, kind: 'original' | 'copy') =>
    `${API_PREFIX}/certificates/${encodeURIComponent(certificateId)}/layouts/${kind}`,
  prints: `${API_PREFIX}/prints`,
  printConfirmation: (printId: string) => `${API_PREFIX}/prints/${encodeURIComponent(printId)}/confirmation`,
} as const;

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
  'FORBIDDEN',
  'BAD_SIGNATURE',
  'CONFLICT',
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

// ---------------------------------------------------------------------------
// 印章管理: seals and declarant signatures. Only the legal-person card may make or
// change them; every save is signed with the card's key over the canonical payload
// below, and the server verifies it against the card's certificate.

export const shapeSchema = z.enum(['round', 'oval', 'rectangular']);
export const markStatusSchema = z.enum(['active', 'disabled']);
const pngBase64 = z.string().min(8).max(1_200_000).regex(/^[A-Za-z0-9+/]+={0,2}$/);
const millimetres = z.number().positive().max(100);

export const cardHolderSchema = z.object({
  operatorId: id,
  name: z.string().min(1).max(100),
  role: z.enum(['legal-person', 'operator']),
  certificateValidFrom: isoDate,
  certificateValidTo: isoDate,
});

export const declarantSchema = z.object({
  declarantId: id,
  name: z.string().min(1).max(100),
  idNumberMasked: z.string().max(30),
});

export const sealSchema = z.object({
  sealId: id,
  name: z.string().min(1).max(50),
  operatorId: id,
  operatorName: z.string().min(1).max(100),
  validFrom: isoDate,
  validTo: isoDate,
  status: markStatusSchema,
  shape: shapeSchema,
  color: z.enum(['red', 'blue']),
  widthMm: millimetres,
  heightMm: millimetres,
  imageSha256: sha256Hex,
  createdAt: isoDateTime,
});
export type SealDto = z.infer<typeof sealSchema>;

export const signatureSchema = z.object({
  signatureId: id,
  name: z.string().min(1).max(50),
  declarantId: id,
  declarantName: z.string().min(1).max(100),
  status: markStatusSchema,
  widthMm: millimetres,
  heightMm: millimetres,
  imageSha256: sha256Hex,
  createdAt: isoDateTime,
});
export type SignatureDto = z.infer<typeof signatureSchema>;

/** The card's signature over a save: base64 SHA256withRSA and the card certificate. */
export const cardSignatureSchema = z.object({
  algorithm: z.literal('SHA256withRSA'),
  certificatePem: z.string().min(100).max(10_000),
  value: z.string().min(16).max(2_000).regex(/^[A-Za-z0-9+/]+={0,2}$/),
});
export type CardSignature = z.infer<typeof cardSignatureSchema>;

export const newSealSchema = z.object({
  sealId: id,
  name: sealSchema.shape.name,
  operatorId: id,
  validFrom: isoDate,
  validTo: isoDate,
  shape: shapeSchema,
  color: sealSchema.shape.color,
  widthMm: millimetres,
  heightMm: millimetres,
  imagePng: pngBase64,
  signature: cardSignatureSchema,
});
export type NewSealRequest = z.infer<typeof newSealSchema>;

export const newSignatureSchema = z.object({
  signatureId: id,
  name: signatureSchema.shape.name,
  declarantId: id,
  widthMm: millimetres,
  heightMm: millimetres,
  imagePng: pngBase64,
  signature: cardSignatureSchema,
});
export type NewSignatureRequest = z.infer<typeof newSignatureSchema>;

/**
 * 停用 / 删除 need the legal-person session but no new signature: the manual asks
 * for the card PIN only when a seal or signature is saved.
 */
export const markActionSchema = z.object({}).strict();
export type MarkActionRequest = z.infer<typeof markActionSchema>;

/**
 * The exact bytes the card signs for a write. Both sides build them with this
 * function, so key order and number formatting can never differ.
 */
export function markSigningPayload(
  action: 'create-seal' | 'create-signature',
  fields: Record<string, string | number>,
): Uint8Array {
  const ordered = Object.keys(fields)
    .sort()
    .map((key) => [key, fields[key]]);
  return new TextEncoder().encode(JSON.stringify({ action, fields: ordered }));
}

export const MARK_IMAGE_HASH_HEADER = LAYOUT_HASH_HEADER;

export const markPaths = {
  cardHolders: `${API_PREFIX}/card/holders`,
  declarants: `${API_PREFIX}/declarants`,
  seals: `${API_PREFIX}/seals`,
  sealDisable: (sealId: string) => `${API_PREFIX}/seals/${encodeURIComponent(sealId)}/disable`,
  sealDelete: (sealId: string) => `${API_PREFIX}/seals/${encodeURIComponent(sealId)}/delete`,
  sealImage: (sealId: string) => `${API_PREFIX}/seals/${encodeURIComponent(sealId)}/image`,
  signatures: `${API_PREFIX}/signatures`,
  signatureDisable: (signatureId: string) => `${API_PREFIX}/signatures/${encodeURIComponent(signatureId)}/disable`,
  signatureDelete: (signatureId: string) => `${API_PREFIX}/signatures/${encodeURIComponent(signatureId)}/delete`,
  signatureImage: (signatureId: string) => `${API_PREFIX}/signatures/${encodeURIComponent(signatureId)}/image`,
} as const;

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
  'SELF_PRINT_NOT_ALLOWED',
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

/** An enterprise as the server names it: the 18-character unified social credit code or the 10-character customs code. */
export const enterpriseCodeSchema = z.string().regex(/^[0-9A-Z]{10}$|^[0-9A-Z]{18}$/);
const enterpriseName = z.string().min(1).max(200);

export const sessionSchema = z.object({
  token: z.string().min(16).max(512),
  expiresAt: isoDateTime,
  user: z.object({
    userId: id,
    name: z.string().min(1).max(100),
    /** Decided by the server from how the user signed in: a password is always 'password', a card gives its own role. */
    role: roleSchema,
    enterpriseCode: enterpriseCodeSchema,
    enterpriseName,
  }),
});
export type SessionDto = z.infer<typeof sessionSchema>;

/** GET /session: the session a token stands for (used to check a restored token). */
export const currentSessionSchema = sessionSchema.omit({ token: true });
export type CurrentSessionDto = z.infer<typeof currentSessionSchema>;

// ---------------------------------------------------------------------------
// Card sign-in (卡介质登录): the server hands out a one-time challenge, the card signs
// cardSigningPayload('card-login', { challengeId, challenge }) after its PIN, and the
// server verifies the signature against the card certificate, which it must have issued
// and registered to a user. The PIN never leaves the card's local signing service.

/** POST /session/card/challenge takes no fields; it is a POST so that a challenge is never cached. */
export const cardChallengeRequestSchema = z.object({}).strict();

export const cardChallengeSchema = z.object({
  challengeId: id,
  /** 32 random bytes, base64. */
  challenge: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  expiresAt: isoDateTime,
});
export type CardChallenge = z.infer<typeof cardChallengeSchema>;

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
  /** The principal (委托企业) an agent printed for; null when the certificate is the printing enterprise's own. */
  onBehalfOf: z.object({ code: enterpriseCodeSchema, name: enterpriseName }).nullable(),
});
export type PrintResponse = z.infer<typeof printResponseSchema>;

export const paths = {
  passwordLogin: `${API_PREFIX}/session/password`,
  cardChallenge: `${API_PREFIX}/session/card/challenge`,
  cardLogin: `${API_PREFIX}/session/card`,
  /** GET: the current session; DELETE: sign out. */
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
  /** 默认印章: the one 授权 authorizes. At most one per enterprise. */
  isDefault: z.boolean(),
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
  /** 默认签名: the one 授权 authorizes. At most one per enterprise. */
  isDefault: z.boolean(),
  createdAt: isoDateTime,
});
export type SignatureDto = z.infer<typeof signatureSchema>;

/**
 * The card's signature and its certificate. The e-port client control's
 * cus-sec_SpcSignDataAsPEM hashes with SHA-1 on the card (its NoHash variant takes a
 * SHA-1 digest); the PKCS#12 soft card signs with SHA-256.
 */
export const cardSignatureSchema = z.object({
  algorithm: z.enum(['SHA1withRSA', 'SHA256withRSA']),
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

export const cardLoginRequestSchema = z.object({ challengeId: id, signature: cardSignatureSchema });
export type CardLoginRequest = z.infer<typeof cardLoginRequestSchema>;

/**
 * The exact bytes the card signs (a sign-in or a write). Both sides build them with
 * this function, so key order and number formatting can never differ.
 */
export function cardSigningPayload(
  action: 'card-login' | 'create-seal' | 'create-signature',
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
  /** POST {} (markActionSchema): makes this active seal / signature the enterprise's default. */
  sealDefault: (sealId: string) => `${API_PREFIX}/seals/${encodeURIComponent(sealId)}/default`,
  signatureDefault: (signatureId: string) => `${API_PREFIX}/signatures/${encodeURIComponent(signatureId)}/default`,
} as const;

// ---------------------------------------------------------------------------
// 印章签名授权: the legal-person session authorizes the default seal and signature. The
// customs side answers later with one receipt (回执) for the seal and one for the
// signature. Once both are 'received' the authorization is in force; the receipt time
// of the first authorization in force is `selfPrintSince`: a certificate whose last
// approval receipt (approvedAt) is not later than it cannot be self-printed. A later
// re-authorization (a new seal) does not move selfPrintSince: certificates approved
// under the earlier one carry the seal that was in force when they were approved.

export const receiptStatusSchema = z.enum(['pending', 'received', 'failed']);
export const receiptSchema = z.object({
  status: receiptStatusSchema,
  /** The customs side's words (e.g. 接收成功, or why it failed). */
  message: z.string().max(500),
  /** When the receipt arrived; null while pending. */
  at: isoDateTime.nullable(),
});
export type ReceiptDto = z.infer<typeof receiptSchema>;

export const authorizationSchema = z.object({
  authorizationId: id,
  submittedAt: isoDateTime,
  seal: z.object({ sealId: id, name: sealSchema.shape.name }),
  signature: z.object({ signatureId: id, name: signatureSchema.shape.name }),
  sealReceipt: receiptSchema,
  signatureReceipt: receiptSchema,
});
export type AuthorizationDto = z.infer<typeof authorizationSchema>;

export const authorizationStateSchema = z.object({
  /** 授权结果: the enterprise's latest authorization, or null if it never authorized. */
  latest: authorizationSchema.nullable(),
  selfPrintSince: isoDateTime.nullable(),
});
export type AuthorizationStateDto = z.infer<typeof authorizationStateSchema>;

/** POST /authorizations: authorizes the current default seal and signature (the Idempotency-Key is `authorize-<authorizationId>`). */
export const newAuthorizationSchema = z.object({ authorizationId: id }).strict();
export type NewAuthorizationRequest = z.infer<typeof newAuthorizationSchema>;

export const authorizationPaths = {
  authorizations: `${API_PREFIX}/authorizations`,
  state: `${API_PREFIX}/authorizations/state`,
} as const;

// ---------------------------------------------------------------------------
// 代理打印授权 and 委托企业列表. An exporter (委托企业, legal-person session) grants an
// agent enterprise (代理企业) proxy printing once; it can revoke it. An agent sees its
// principals; the feed includes the certificates it declared for them, and it may
// print them while the grant is in force, under the principal's own authorization rule.

export const enterpriseSchema = z.object({
  code: enterpriseCodeSchema,
  customsCode: z.string().regex(/^\d{4}[0-9A-Z]{6}$/).nullable(),
  name: enterpriseName,
});
export type EnterpriseDto = z.infer<typeof enterpriseSchema>;

/** A grant's life, the same seen from the exporter (its agents) and from the agent (its principals). */
const grantFields = { grantId: id, grantedAt: isoDateTime, revokedAt: isoDateTime.nullable() };

export const proxyGrantSchema = z.object({ ...grantFields, agent: enterpriseSchema });
export type ProxyGrantDto = z.infer<typeof proxyGrantSchema>;

/** POST /proxy-grants (Idempotency-Key `grant-<grantId>`); agentCode is either code form, already checked by the client. */
export const newProxyGrantSchema = z.object({ grantId: id, agentCode: enterpriseCodeSchema }).strict();
export type NewProxyGrantRequest = z.infer<typeof newProxyGrantSchema>;

export const principalSchema = z.object({ ...grantFields, enterprise: enterpriseSchema, selfPrintSince: isoDateTime.nullable() });
export type PrincipalDto = z.infer<typeof principalSchema>;

/** GET /principals: the enterprise itself and every principal that ever granted it proxy printing. */
export const principalsSchema = z.object({
  self: z.object({ enterprise: enterpriseSchema, selfPrintSince: isoDateTime.nullable() }),
  principals: z.array(principalSchema).max(10_000),
});
export type PrincipalsDto = z.infer<typeof principalsSchema>;

export const proxyPaths = {
  /** GET: the grants this enterprise made; POST: a new grant. */
  grants: `${API_PREFIX}/proxy-grants`,
  revoke: (grantId: string) => `${API_PREFIX}/proxy-grants/${encodeURIComponent(grantId)}/revoke`,
  principals: `${API_PREFIX}/principals`,
  /** GET: an enterprise by either code; 404 NOT_FOUND when there is none. */
  enterprise: (code: string) => `${API_PREFIX}/enterprises/${encodeURIComponent(code)}`,
} as const;

// ---------------------------------------------------------------------------
// 打印异常申请. An enterprise whose original did not come out right (printer jam, wrong
// settings) although its print status became 已打印 applies for an exception: a reason
// and an operation type from the server's lists. The customs side decides later
// (审核中 → 审核通过 | 审核不通过). An approved application allows exactly ONE more
// print of the original: registering that print (POST /prints) uses it up. The client
// then reports the exception print (through its outbox, exactly once), which is what
// the certificate's exceptionPrintCount counts. Archived certificates cannot be applied
// for, and a certificate has at most one open application (审核中, or approved and unused).

export const exceptionOptionSchema = z.object({ code: id, label: z.string().min(1).max(100) });
export type ExceptionOptionDto = z.infer<typeof exceptionOptionSchema>;

/** GET /exception-options: the reasons (异常申请原因) and operation types (操作类型) the customs side accepts now. */
export const exceptionOptionsSchema = z.object({
  reasons: z.array(exceptionOptionSchema).min(1).max(100),
  operations: z.array(exceptionOptionSchema).min(1).max(100),
});
export type ExceptionOptionsDto = z.infer<typeof exceptionOptionsSchema>;

/** 审核中 / 审核通过 / 审核不通过 */
export const exceptionStatusSchema = z.enum(['pending', 'approved', 'rejected']);

export const exceptionApplicationSchema = z.object({
  applicationId: id,
  certificateId: id,
  certificateNumber: z.string().regex(CERTIFICATE_NUMBER),
  reason: exceptionOptionSchema,
  operation: exceptionOptionSchema,
  status: exceptionStatusSchema,
  /** The customs side's words on the decision; empty while pending. */
  reviewMessage: z.string().max(500),
  submittedAt: isoDateTime,
  decidedAt: isoDateTime.nullable(),
  /** The print that used the approval up (its registration), or null while unused. */
  usedByPrintId: id.nullable(),
  /** When the client reported that exception print (what is counted), or null. */
  printReportedAt: isoDateTime.nullable(),
});
export type ExceptionApplicationDto = z.infer<typeof exceptionApplicationSchema>;

/** POST /exception-applications (Idempotency-Key `exception-<applicationId>`). */
export const newExceptionApplicationSchema = z.object({ applicationId: id, certificateId: id, reasonCode: id, operationCode: id }).strict();
export type NewExceptionApplicationRequest = z.infer<typeof newExceptionApplicationSchema>;

/** POST /exception-applications/:id/prints (Idempotency-Key `exception-print-<printId>`): the exception print happened. */
export const exceptionPrintReportSchema = z.object({ printId: id }).strict();
export type ExceptionPrintReport = z.infer<typeof exceptionPrintReportSchema>;

export const exceptionPrintResponseSchema = z.object({ application: exceptionApplicationSchema, certificate: certificateSchema });
export type ExceptionPrintResponse = z.infer<typeof exceptionPrintResponseSchema>;

export const exceptionPaths = {
  options: `${API_PREFIX}/exception-options`,
  /** GET: the enterprise's applications, newest first; POST: a new application. */
  applications: `${API_PREFIX}/exception-applications`,
  prints: (applicationId: string) => `${API_PREFIX}/exception-applications/${encodeURIComponent(applicationId)}/prints`,
} as const;

// ---------------------------------------------------------------------------
// 证书下载: the electronic version (电子版) of RCEP (RC) and RCEP back-to-back (BR)
// certificates. Which destinations allow it changes by announcement (公告), so the
// server says; the client caches the answer for offline use and never hard-codes it.

/** The types the manual names for 证书下载: RCEP 证书及 RCEP 背对背证书. */
export const E_CERTIFICATE_TYPES = ['RC', 'BR'] as const satisfies readonly CertificateType[];

/** GET /e-certificates/scope: the destinations (as certificates name them, e.g. 日本) whose RCEP certificates have an e-version. */
export const eCertificateScopeSchema = z.object({
  destinations: z.array(z.string().min(1).max(60)).max(200),
  updatedAt: isoDateTime,
});
export type ECertificateScopeDto = z.infer<typeof eCertificateScopeSchema>;

/**
 * GET /certificates/:id/e-certificate: the e-version as application/pdf, its SHA-256 in
 * LAYOUT_HASH_HEADER. A certificate of another type or destination is refused with
 * 409 CONFLICT and a Chinese reason.
 */
export const E_CERTIFICATE_HASH_HEADER = LAYOUT_HASH_HEADER;

export const eCertificatePaths = {
  scope: `${API_PREFIX}/e-certificates/scope`,
  file: (certificateId: string) => `${API_PREFIX}/certificates/${encodeURIComponent(certificateId)}/e-certificate`,
} as const;
// 常见问题及解答: the FAQ the server publishes, versioned. Public (no session): help
// must be there before sign-in too. Plain text only; the client never renders HTML.

export const faqItemSchema = z.object({ question: z.string().trim().min(1).max(500), answer: z.string().trim().min(1).max(10_000) }).strict();
export const faqSectionSchema = z.object({ title: z.string().trim().min(1).max(100), items: z.array(faqItemSchema).min(1).max(200) }).strict();
export const faqDocumentSchema = z
  .object({
    version: z.number().int().min(1).max(1_000_000),
    publishedAt: isoDateTime,
    sections: z.array(faqSectionSchema).min(1).max(50),
  })
  .strict();
export type FaqDocumentDto = z.infer<typeof faqDocumentSchema>;

export const helpPaths = {
  /** GET: the current edition of the FAQ. */
  faq: `${API_PREFIX}/help/faq`,
} as const;

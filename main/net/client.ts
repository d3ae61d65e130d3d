// The HTTPS client for the server API (main/net/contract.ts). TLS verification is
// always on: the system's roots plus, for the sandbox, one CA certificate named in
// the settings. Every request has an overall deadline; reads and idempotent writes
// are retried with backoff; every response body is parsed with zod before use.

import { createHash } from 'node:crypto';
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { AppFailure } from '../core/errors';
import { DOWNLOAD_MESSAGES } from '../core/download-messages';
import { MESSAGES } from '../core/messages';
import type { Logger } from '../log/logger';
import {
  authorizationPaths,
  authorizationSchema,
  authorizationStateSchema,
  cardChallengeSchema,
  currentSessionSchema,
  enterpriseSchema,
  principalsSchema,
  proxyGrantSchema,
  proxyPaths,
  type AuthorizationDto,
  type AuthorizationStateDto,
  type CardChallenge,
  type CardLoginRequest,
  type CurrentSessionDto,
  type EnterpriseDto,
  type NewProxyGrantRequest,
  type PrincipalsDto,
  type ProxyGrantDto,
  apiErrorSchema,
  changesPageSchema,
  IDEMPOTENCY_HEADER,
  LAYOUT_HASH_HEADER,
  paths,
  printResponseSchema,
  sessionSchema,
  type ChangesPage,
  type PasswordLoginRequest,
  type PrintConfirmation,
  type PrintRegistration,
  type PrintResponse,
  type SessionDto,
  cardHolderSchema,
  declarantSchema,
  markPaths,
  sealSchema,
  signatureSchema,
  type MarkActionRequest,
  type NewSealRequest,
  type NewSignatureRequest,
  type SealDto,
  type SignatureDto,
  exceptionApplicationSchema,
  exceptionOptionsSchema,
  exceptionPaths,
  exceptionPrintResponseSchema,
  type ExceptionApplicationDto,
  type ExceptionOptionsDto,
  type ExceptionPrintResponse,
  type NewExceptionApplicationRequest,
  E_CERTIFICATE_HASH_HEADER,
  eCertificatePaths,
  eCertificateScopeSchema,
  type ECertificateScopeDto,
  faqDocumentSchema,
  helpPaths,
  type FaqDocumentDto,
} from './contract';

export interface ApiClientOptions {
  baseUrl: string;
  /** PEM of an extra CA to trust (the sandbox's); null trusts the system roots only. */
  extraCaPem: string | null;
  /** Overall deadline of one request, retries included. */
  deadlineMs?: number;
  attempts?: number;
  log: Logger;
  /** Injected so tests run the backoff without waiting. */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Method = 'GET' | 'POST' | 'DELETE';

interface RequestSpec {
  method: Method;
  path: string;
  params?: Record<string, string | number>;
  body?: unknown;
  idempotencyKey?: string;
  binary?: boolean;
  signal?: AbortSignal;
  /** Bytes of the response body received so far. */
  onProgress?: (receivedBytes: number) => void;
}

/** A failure worth another attempt: the network, a timeout, a 5xx. */
class Retryable extends Error {}

export class ApiClient {
  private readonly http: AxiosInstance;
  private readonly deadlineMs: number;
  private readonly attempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private token: string | null = null;

  constructor(private readonly options: ApiClientOptions) {
    const baseUrl = new URL(options.baseUrl);
    if (baseUrl.protocol !== 'https:') throw new Error('the server URL must be https');
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.attempts = options.attempts ?? 3;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.http = axios.create({
      baseURL: baseUrl.origin,
      httpsAgent: new Agent({
        keepAlive: true,
        // Built once: given `ca`, every new connection would parse the 140-odd roots again
        // (about 70 ms of the main thread each, measured by the event-loop benchmark).
        secureContext: options.extraCaPem ? createSecureContext({ ca: [...rootCertificates, options.extraCaPem] }) : undefined,
      }),
      proxy: false,
      maxContentLength: MAX_BODY_BYTES,
      maxBodyLength: MAX_BODY_BYTES,
      maxRedirects: 0,
      validateStatus: () => true,
      // Bodies are parsed here, with zod, never silently by axios.
      transformResponse: [(data: unknown) => data],
    });
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  /**
   * 设置 → 服务器地址: later requests go to this server. The trust stays as it was (the
   * system's roots plus the configured extra CA); the token is dropped, it belongs to the old one.
   */
  setBaseUrl(url: string): void {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') throw new Error('the server URL must be https');
    this.http.defaults.baseURL = parsed.origin;
    this.token = null;
  }

  async login(request: PasswordLoginRequest): Promise<SessionDto> {
    return this.json({ method: 'POST', path: paths.passwordLogin, body: request }, sessionSchema);
  }

  cardChallenge(): Promise<CardChallenge> {
    return this.json({ method: 'POST', path: paths.cardChallenge, body: {} }, cardChallengeSchema);
  }

  cardLogin(request: CardLoginRequest): Promise<SessionDto> {
    return this.json({ method: 'POST', path: paths.cardLogin, body: request }, sessionSchema);
  }

  currentSession(): Promise<CurrentSessionDto> {
    return this.json({ method: 'GET', path: paths.session }, currentSessionSchema);
  }

  async logout(): Promise<void> {
    await this.send({ method: 'DELETE', path: paths.session });
  }

  async changes(cursor: number, limit: number, signal?: AbortSignal): Promise<ChangesPage> {
    return this.json({ method: 'GET', path: paths.changes, params: { cursor, limit }, signal }, changesPageSchema);
  }

  /** A layout PDF, checked against the server's hash header and the expected hash. */
  async layout(certificateId: string, kind: 'original' | 'copy', expectedSha256: string, signal?: AbortSignal): Promise<Buffer> {
    const response = await this.send({ method: 'GET', path: paths.layout(certificateId, kind), binary: true, signal });
    const bytes = Buffer.from(response.data as ArrayBuffer);
    const actual = createHash('sha256').update(bytes).digest('hex');
    const header = response.headers[LAYOUT_HASH_HEADER];
    if (actual !== expectedSha256 || header !== actual || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      this.options.log.warn('layout hash mismatch', { certificateId, kind });
      throw new AppFailure('LAYOUT_CORRUPT', MESSAGES.LAYOUT_CORRUPT);
    }
    return bytes;
  }

  async registerPrint(registration: PrintRegistration): Promise<PrintResponse> {
    return this.json(
      { method: 'POST', path: paths.prints, body: registration, idempotencyKey: `print-${registration.printId}` },
      printResponseSchema,
    );
  }

  async confirmPrint(printId: string, confirmation: PrintConfirmation, idempotencyKey: string): Promise<PrintResponse> {
    return this.json(
      { method: 'POST', path: paths.printConfirmation(printId), body: confirmation, idempotencyKey },
      printResponseSchema,
    );
  }

  // 印章管理 -----------------------------------------------------------------

  cardHolders(): Promise<z.infer<typeof cardHolderSchema>[]> {
    return this.json({ method: 'GET', path: markPaths.cardHolders }, z.array(cardHolderSchema).max(100));
  }

  declarants(): Promise<z.infer<typeof declarantSchema>[]> {
    return this.json({ method: 'GET', path: markPaths.declarants }, z.array(declarantSchema).max(1000));
  }

  seals(): Promise<SealDto[]> {
    return this.json({ method: 'GET', path: markPaths.seals }, z.array(sealSchema).max(1000));
  }

  signatures(): Promise<SignatureDto[]> {
    return this.json({ method: 'GET', path: markPaths.signatures }, z.array(signatureSchema).max(1000));
  }

  createSeal(request: NewSealRequest): Promise<SealDto> {
    return this.json({ method: 'POST', path: markPaths.seals, body: request, idempotencyKey: `seal-${request.sealId}` }, sealSchema);
  }

  createSignature(request: NewSignatureRequest): Promise<SignatureDto> {
    return this.json(
      { method: 'POST', path: markPaths.signatures, body: request, idempotencyKey: `signature-${request.signatureId}` },
      signatureSchema,
    );
  }

  disableSeal(sealId: string, request: MarkActionRequest, idempotencyKey: string): Promise<SealDto> {
    return this.json({ method: 'POST', path: markPaths.sealDisable(sealId), body: request, idempotencyKey }, sealSchema);
  }

  disableSignature(signatureId: string, request: MarkActionRequest, idempotencyKey: string): Promise<SignatureDto> {
    return this.json({ method: 'POST', path: markPaths.signatureDisable(signatureId), body: request, idempotencyKey }, signatureSchema);
  }

  async deleteMark(kind: 'seal' | 'signature', markId: string, request: MarkActionRequest, idempotencyKey: string): Promise<void> {
    const path = kind === 'seal' ? markPaths.sealDelete(markId) : markPaths.signatureDelete(markId);
    await this.json({ method: 'POST', path, body: request, idempotencyKey }, z.object({ deleted: z.string() }));
  }

  setDefaultMark(kind: 'seal' | 'signature', markId: string, idempotencyKey: string): Promise<SealDto | SignatureDto> {
    const path = kind === 'seal' ? markPaths.sealDefault(markId) : markPaths.signatureDefault(markId);
    return this.json({ method: 'POST', path, body: {}, idempotencyKey }, kind === 'seal' ? sealSchema : signatureSchema);
  }

  // 印章签名授权 and 代理打印授权 --------------------------------------------------

  authorize(authorizationId: string): Promise<AuthorizationDto> {
    return this.json(
      { method: 'POST', path: authorizationPaths.authorizations, body: { authorizationId }, idempotencyKey: `authorize-${authorizationId}` },
      authorizationSchema,
    );
  }

  authorizationState(): Promise<AuthorizationStateDto> {
    return this.json({ method: 'GET', path: authorizationPaths.state }, authorizationStateSchema);
  }

  principals(signal?: AbortSignal): Promise<PrincipalsDto> {
    return this.json({ method: 'GET', path: proxyPaths.principals, signal }, principalsSchema);
  }

  proxyGrants(): Promise<ProxyGrantDto[]> {
    return this.json({ method: 'GET', path: proxyPaths.grants }, z.array(proxyGrantSchema).max(10_000));
  }

  grantProxy(request: NewProxyGrantRequest): Promise<ProxyGrantDto> {
    return this.json({ method: 'POST', path: proxyPaths.grants, body: request, idempotencyKey: `grant-${request.grantId}` }, proxyGrantSchema);
  }

  revokeProxy(grantId: string): Promise<ProxyGrantDto> {
    return this.json({ method: 'POST', path: proxyPaths.revoke(grantId), body: {}, idempotencyKey: `revoke-${grantId}` }, proxyGrantSchema);
  }

  enterprise(code: string): Promise<EnterpriseDto> {
    return this.json({ method: 'GET', path: proxyPaths.enterprise(code) }, enterpriseSchema);
  }

  // 打印异常申请 -----------------------------------------------------------------

  exceptionOptions(): Promise<ExceptionOptionsDto> {
    return this.json({ method: 'GET', path: exceptionPaths.options }, exceptionOptionsSchema);
  }

  exceptionApplications(): Promise<ExceptionApplicationDto[]> {
    return this.json({ method: 'GET', path: exceptionPaths.applications }, z.array(exceptionApplicationSchema).max(10_000));
  }

  applyException(request: NewExceptionApplicationRequest): Promise<ExceptionApplicationDto> {
    return this.json(
      { method: 'POST', path: exceptionPaths.applications, body: request, idempotencyKey: `exception-${request.applicationId}` },
      exceptionApplicationSchema,
    );
  }

  reportExceptionPrint(applicationId: string, printId: string, idempotencyKey: string): Promise<ExceptionPrintResponse> {
    return this.json({ method: 'POST', path: exceptionPaths.prints(applicationId), body: { printId }, idempotencyKey }, exceptionPrintResponseSchema);
  }
  // 常见问题及解答 ------------------------------------------------------------------

  faq(signal?: AbortSignal): Promise<FaqDocumentDto> {
    return this.json({ method: 'GET', path: helpPaths.faq, signal }, faqDocumentSchema);
  }

  /** A stored seal or signature image, checked against its hash. */
  async markImage(kind: 'seal' | 'signature', markId: string, expectedSha256: string): Promise<Buffer> {
    const path = kind === 'seal' ? markPaths.sealImage(markId) : markPaths.signatureImage(markId);
    const response = await this.send({ method: 'GET', path, binary: true });
    const bytes = Buffer.from(response.data as ArrayBuffer);
    if (createHash('sha256').update(bytes).digest('hex') !== expectedSha256) throw new AppFailure('SERVER_ERROR', MESSAGES.SERVER_ERROR);
    return bytes;
  }

  // 证书下载 ------------------------------------------------------------------

  eCertificateScope(): Promise<ECertificateScopeDto> {
    return this.json({ method: 'GET', path: eCertificatePaths.scope }, eCertificateScopeSchema);
  }

  /** An e-version PDF, checked against the server's hash header; anything else is refused before it reaches the disk. */
  async eCertificate(certificateId: string, signal?: AbortSignal, onProgress?: (receivedBytes: number) => void): Promise<{ bytes: Buffer; sha256: string }> {
    const response = await this.send({ method: 'GET', path: eCertificatePaths.file(certificateId), binary: true, signal, onProgress });
    const bytes = Buffer.from(response.data as ArrayBuffer);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const header = response.headers[E_CERTIFICATE_HASH_HEADER];
    if (header !== sha256 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      this.options.log.warn('e-certificate hash mismatch', { certificateId });
      throw new AppFailure('LAYOUT_CORRUPT', DOWNLOAD_MESSAGES.CORRUPT);
    }
    return { bytes, sha256 };
  }

  private async json<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.infer<S>> {
    const response = await this.send(spec);
    const parsed = schema.safeParse(parseJson(response.data));
    if (!parsed.success) {
      this.options.log.warn('unparsable response', { path: spec.path, issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) });
      throw new AppFailure('SERVER_ERROR', MESSAGES.SERVER_ERROR);
    }
    return parsed.data;
  }

  /** Sends with retries inside one deadline; resolves only with a 2xx response. */
  private async send(spec: RequestSpec): Promise<AxiosResponse> {
    // Only reads and writes with an idempotency key may be repeated safely.
    const canRetry = spec.method === 'GET' || spec.idempotencyKey !== undefined;
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = spec.signal ? AbortSignal.any([spec.signal, deadline]) : deadline;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        return await this.attempt(spec, signal);
      } catch (error) {
        lastError = error;
        if (spec.signal?.aborted) throw new AppFailure('CANCELLED', MESSAGES.CANCELLED);
        if (!(error instanceof Retryable) || !canRetry || signal.aborted || attempt === this.attempts) break;
        await this.sleep(200 * 4 ** (attempt - 1));
      }
    }
    if (lastError instanceof AppFailure) throw lastError;
    this.options.log.warn('request failed', { method: spec.method, path: spec.path, reason: String(lastError) });
    throw new AppFailure('OFFLINE', MESSAGES.OFFLINE, { cause: lastError instanceof Retryable ? lastError : undefined });
  }

  private async attempt(spec: RequestSpec, signal: AbortSignal): Promise<AxiosResponse> {
    const headers: Record<string, string> = { accept: spec.binary ? 'application/pdf, image/png' : 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (spec.idempotencyKey) headers[IDEMPOTENCY_HEADER] = spec.idempotencyKey;
    let response: AxiosResponse;
    try {
      response = await this.http.request({
        method: spec.method,
        url: spec.path,
        params: spec.params,
        data: spec.body,
        headers,
        signal,
        responseType: spec.binary ? 'arraybuffer' : 'text',
        onDownloadProgress: spec.onProgress ? (event) => spec.onProgress?.(event.loaded) : undefined,
      });
    } catch (error) {
      // Only the code and message travel on: an axios error carries the request
      // config, body (passwords) and headers (the token) with it.
      throw new Retryable(describeNetworkError(error));
    }
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status >= 500) throw new Retryable(`server answered ${response.status}`);
    throw this.failureFor(response);
  }

  private failureFor(response: AxiosResponse): AppFailure {
    if (response.status === 401) {
      const body = apiErrorSchema.safeParse(parseJson(decode(response.data)));
      // A password and a card are refused for different reasons; the server's words say which.
      if (body.success && body.data.error.code === 'BAD_CREDENTIALS') {
        return new AppFailure('BAD_CREDENTIALS', body.data.error.message.trim() || MESSAGES.BAD_CREDENTIALS);
      }
      return new AppFailure('SESSION_EXPIRED', MESSAGES.SESSION_EXPIRED);
    }
    const body = apiErrorSchema.safeParse(parseJson(decode(response.data)));
    if (!body.success) return new AppFailure('SERVER_ERROR', MESSAGES.SERVER_ERROR);
    switch (body.data.error.code) {
      case 'SELF_PRINT_NOT_ALLOWED':
        // The server's Chinese reason says which rule stopped it and what to do.
        return new AppFailure('NOT_SELF_PRINTABLE', body.data.error.message);
      case 'BAD_CREDENTIALS':
      case 'ARCHIVED':
      case 'ORIGINAL_ALREADY_PRINTED':
      case 'LAYOUT_NOT_READY':
      case 'NOT_FOUND':
        return new AppFailure(body.data.error.code, MESSAGES[body.data.error.code]);
      case 'UNAUTHENTICATED':
        return new AppFailure('SESSION_EXPIRED', MESSAGES.SESSION_EXPIRED);
      case 'FORBIDDEN':
      case 'BAD_SIGNATURE':
        return new AppFailure('FORBIDDEN', body.data.error.message);
      case 'CONFLICT':
        // The server's own Chinese reason (e.g. 请先停用再删除) says what to do.
        return new AppFailure('INVALID_ARGUMENT', body.data.error.message);
      default:
        this.options.log.warn('server refused a request', { code: body.data.error.code, status: response.status });
        return new AppFailure('SERVER_ERROR', MESSAGES.SERVER_ERROR);
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (axios.isAxiosError(error)) return `${error.code ?? 'ERR_NETWORK'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function decode(data: unknown): unknown {
  // A binary request's error body: axios in Node hands it over as a Buffer, not an ArrayBuffer.
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data;
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

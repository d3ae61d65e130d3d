// The arguments of every channel, parsed in main before any service sees them.
// `satisfies ArgSchemas` ties each schema to the contract in preload/contract.

import { z } from 'zod';
import { E_CERTIFICATE_TYPES, archiveStatusSchema, layoutKindSchema, layoutStatusSchema, printKindSchema, printStatusSchema } from '../net/contract';
import { KEYWORD_MAX_LENGTH, KEYWORD_MIN_LENGTH } from '../../preload/contract';
import type { ArgSchemas } from './dispatch';

const none = z.tuple([]);
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const date = z.iso.date();
const text = (max: number) => z.string().max(max).optional();
const printerName = z.string().min(1).max(127);
const scanKind = z.enum(['seal', 'signature']);
const pin = z.string().min(4).max(32);
const enterpriseCodeInput = z.string().min(1).max(40);
/** A 1200 dpi A4 scan as TIFF is about 100 MB; anything bigger is not a scanner file. */
export const MAX_SCAN_BYTES = 120 * 1024 * 1024;

const certificateQuery = z
  .object({
    number: text(20),
    type: text(4),
    applicant: text(100),
    keyword: z
      .string()
      .max(KEYWORD_MAX_LENGTH)
      .refine((value) => value.trim() === '' || [...value.trim()].length >= KEYWORD_MIN_LENGTH, `关键字至少 ${KEYWORD_MIN_LENGTH} 个字`)
      .optional(),
    issueDateFrom: date.optional(),
    issueDateTo: date.optional(),
    destinationCountry: text(60),
    layoutStatus: layoutStatusSchema.optional(),
    archiveStatus: archiveStatusSchema.optional(),
    printStatus: printStatusSchema.optional(),
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(1000),
  })
  .strict();
/** 导出证书: the list's conditions without its page (the export takes every row). */
export const certificateExportQuery = certificateQuery.omit({ offset: true, limit: true });

// 证书下载: the same conditions as the certificate list, over RC and BR only.
const downloadQuery = z
  .object({
    number: text(20),
    type: z.enum(E_CERTIFICATE_TYPES).optional(),
    destinationCountry: text(60),
    issueDateFrom: date.optional(),
    issueDateTo: date.optional(),
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(1000),
  })
  .strict();

export const argSchemas = {
  'session:login': z.tuple([z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }).strict()]),
  'session:cardLogin': z.tuple([z.object({ pin }).strict()]),
  'card:read': none,
  'session:logout': none,
  'session:current': none,
  'sync:start': none,
  'sync:cancel': none,
  'sync:state': none,
  'certificates:search': z.tuple([certificateQuery]),
  'certificates:layout': z.tuple([z.object({ certificateId: id, kind: layoutKindSchema }).strict()]),
  'certificates:saveCopy': z.tuple([z.object({ certificateId: id }).strict()]),
  'certificates:diagnose': z.tuple([z.object({ certificateId: id }).strict()]),
  'printers:list': none,
  'printers:check': z.tuple([z.object({ printer: printerName }).strict()]),
  'print:start': z.tuple([
    z
      .object({
        certificateIds: z.array(id).min(1).max(500).refine((ids) => new Set(ids).size === ids.length, '重复的证书'),
        kind: printKindSchema,
        printer: printerName,
      })
      .strict(),
  ]),
  'print:jobs': none,
  'print:confirm': z.tuple([z.object({ printId: id, answer: z.enum(['yes', 'no']) }).strict()]),
  'settings:get': none,
  'scans:check': z.tuple([
    z
      .object({
        kind: scanKind,
        fileName: z.string().min(1).max(255),
        // The checker applies the real limits; this bounds what crosses IPC at all.
        bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.length > 0 && bytes.length <= MAX_SCAN_BYTES, '文件大小不符'),
      })
      .strict(),
  ]),
  'scans:image': z.tuple([z.object({ kind: scanKind, markId: id }).strict()]),
  'seals:holders': none,
  'seals:list': none,
  'seals:create': z.tuple([
    z
      .object({
        checkId: id,
        name: z.string().trim().min(1).max(50),
        operatorId: id,
        validFrom: date,
        validTo: date,
        pin: pin,
      })
      .strict(),
  ]),
  'seals:disable': z.tuple([z.object({ sealId: id }).strict()]),
  'seals:delete': z.tuple([z.object({ sealId: id }).strict()]),
  'signatures:declarants': none,
  'signatures:list': none,
  'signatures:create': z.tuple([
    z.object({ checkId: id, name: z.string().trim().min(1).max(50), declarantId: id, pin }).strict(),
  ]),
  'signatures:disable': z.tuple([z.object({ signatureId: id }).strict()]),
  'signatures:delete': z.tuple([z.object({ signatureId: id }).strict()]),
  'authorization:state': none,
  'authorization:setDefault': z.tuple([z.object({ kind: scanKind, markId: id }).strict()]),
  'authorization:submit': none,
  'proxy:grants': none,
  // The code's own rules (length, check character) are checked by the service, with a Chinese reason.
  'proxy:lookup': z.tuple([z.object({ code: enterpriseCodeInput }).strict()]),
  'proxy:grant': z.tuple([z.object({ agentCode: enterpriseCodeInput }).strict()]),
  'proxy:revoke': z.tuple([z.object({ grantId: id }).strict()]),
  'proxy:principals': none,
  // 导出证书
  'export:start': z.tuple([certificateExportQuery]),
  'export:cancel': none,
  'export:state': none,
  // 打印异常申请
  'exceptions:options': none,
  'exceptions:list': none,
  'exceptions:submit': z.tuple([z.object({ certificateId: id, reasonCode: id, operationCode: id }).strict()]),
  // 打印校准: the offset's limits (±10 mm, 0.1 mm steps) are checked by the service, with a Chinese reason.
  'calibration:get': z.tuple([z.object({ printer: printerName }).strict()]),
  'calibration:set': z.tuple([z.object({ printer: printerName, offset: z.object({ xMm: z.number(), yMm: z.number() }).strict() }).strict()]),
  'calibration:clear': z.tuple([z.object({ printer: printerName }).strict()]),
  'calibration:printPage': z.tuple([z.object({ printer: printerName }).strict()]),
  // 证书下载
  'downloads:scope': none,
  'downloads:search': z.tuple([downloadQuery]),
  'downloads:start': z.tuple([
    z.object({ certificateIds: z.array(id).min(1).max(1000).refine((ids) => new Set(ids).size === ids.length, '重复的证书') }).strict(),
  ]),
  'downloads:cancel': none,
  'downloads:state': none,
  'downloads:open': z.tuple([z.object({ certificateId: id }).strict()]),
  'downloads:save': z.tuple([z.object({ certificateId: id }).strict()]),
  // 设置 and 关于: the server address's own rules (https, no credentials) are checked by
  // the settings store, with a Chinese reason; this only bounds what crosses IPC.
  'settings:setServer': z.tuple([z.object({ serverUrl: z.string().max(2048) }).strict()]),
  'settings:setPrinter': z.tuple([z.object({ printer: printerName.nullable() }).strict()]),
  'settings:setLanguage': z.tuple([z.object({ language: z.enum(['zh-CN', 'en-US']) }).strict()]),
  'settings:cache': none,
  'settings:clearCache': none,
  'settings:exportLogs': none,
  'app:about': none,
  // desktop: 常见问题及解答, 版本说明
  'help:faq': none,
  'help:refreshFaq': none,
  'update:state': none,
  'print:cancel': z.tuple([
    z.object({ printIds: z.array(id).min(1).max(500).refine((ids) => new Set(ids).size === ids.length, '重复的打印任务') }).strict(),
  ]),
} satisfies ArgSchemas;

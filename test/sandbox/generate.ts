// Deterministic certificate generation. A certificate is a pure function of
// (seed, count, index, applicant slot): the store keeps only the columns it queries
// and the mutable statuses, and regenerates the content when a DTO or a layout PDF
// is needed. Same seed and count → the same certificates, byte for byte.

import type { CertificateDto, CertificateType } from '../../main/net/contract';
import { CERTIFICATE_TYPES } from '../../main/net/contract';
import {
  CITIES, COUNTRIES, FOREIGN_TRADES, FOREIGN_WORDS, INDUSTRIES, NAME_SYLLABLES, PRODUCTS, ROADS, TYPE_RULES, VESSELS,
  type Country,
} from './catalog';
import { Rng, WeightedTable, streamSeed } from './prng';
import { usccCheckChar } from '../../main/core/enterprise-codes';

// The generated history ends on a fixed day so that data does not depend on when the
// sandbox was created; only the layout due times (which must lie in the future) do.
const HISTORY_END = Date.UTC(2026, 9, 31);
const HISTORY_DAYS = 3 * 365;
const DAY_MS = 86_400_000;
/** The newest share of certificates whose layouts are still on their way at creation time. */
const PENDING_LAYOUT_SHARE = 0.02;

export const APPLICANT_SLOTS = 200;
const MAX_SERIAL = 9999;

export interface Enterprise {
  /** The 18-character unified social credit code. */
  readonly code: string;
  /** The 10-character customs registration code (海关编码). */
  readonly customsCode: string;
  readonly nameCn: string;
  readonly nameEn: string;
  readonly addressEn: string;
}

const uscc = (body17: string): string => body17 + usccCheckChar(body17);

export const DEMO_ENTERPRISE: Enterprise = {
  code: uscc('91330201MA2H3XK7Q'),
  customsCode: '3302960688',
  nameCn: '宁波示例进出口有限公司',
  nameEn: 'NINGBO EXAMPLE TRADING CO., LTD.',
  addressEn: 'NO. 188 XINGNING ROAD, YINZHOU DISTRICT, NINGBO, ZHEJIANG, CHINA',
};

/** A second enterprise, so tests can show that one enterprise never sees another's certificates. */
export const OTHER_ENTERPRISE: Enterprise = {
  code: uscc('91330106MA27YB8N4'),
  customsCode: '3301960421',
  nameCn: '杭州样本纺织品有限公司',
  nameEn: 'HANGZHOU SAMPLE TEXTILES CO., LTD.',
  addressEn: 'NO. 66 WENSAN ROAD, XIHU DISTRICT, HANGZHOU, ZHEJIANG, CHINA',
};

/**
 * A customs broker (代理企业) with no certificates of its own applicants: it prints only
 * what principals have authorized it for (代理打印授权), so tests can show both sides.
 */
export const AGENT_ENTERPRISE: Enterprise = {
  code: uscc('91330206MA2KL5T3X'),
  customsCode: '3302980157',
  nameCn: '宁波港通报关有限公司',
  nameEn: 'NINGBO GANGTONG CUSTOMS BROKERAGE CO., LTD.',
  addressEn: 'NO. 369 MINGZHOU ROAD, BEILUN DISTRICT, NINGBO, ZHEJIANG, CHINA',
};

/** Every enterprise that has users in the sandbox. */
export const SANDBOX_ENTERPRISES: readonly Enterprise[] = [DEMO_ENTERPRISE, OTHER_ENTERPRISE, AGENT_ENTERPRISE];

/** An applicant (申请单位) whose certificates an enterprise may print: itself, or a principal it is agent for. */
export interface Applicant {
  readonly slot: number;
  readonly ownerCode: string;
  readonly nameCn: string;
  readonly nameEn: string;
  readonly code: string;
  readonly customsCode: string;
  /** The 9-character registration number inside certificate numbers. */
  readonly registration: string;
  readonly addressEn: string;
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const randomChars = (rng: Rng, n: number, alphabet = ALNUM): string => {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
};

/** Slot 0 is the demo enterprise itself, slot 9 the other enterprise; every tenth slot belongs to the other one. */
export function ownerOfSlot(slot: number): Enterprise {
  return slot % 10 === 9 ? OTHER_ENTERPRISE : DEMO_ENTERPRISE;
}

export function buildApplicants(seed: number): Applicant[] {
  const rng = new Rng(streamSeed(seed, 0x7fffffff, 1));
  // A stream of its own, so adding customs codes left every other generated value as it was.
  const customsRng = new Rng(streamSeed(seed, 0x7fffffff, 2));
  const used = new Set<string>([DEMO_ENTERPRISE.nameCn, OTHER_ENTERPRISE.nameCn]);
  const customsCodes = new Set<string>(SANDBOX_ENTERPRISES.map((enterprise) => enterprise.customsCode));
  const registrations = new Set<string>();
  const applicants: Applicant[] = [];
  for (let slot = 0; slot < APPLICANT_SLOTS; slot++) {
    let registration: string;
    do registration = rng.pick(['310', '311', '312', '313', '470']) + randomChars(rng, 6);
    while (registrations.has(registration));
    registrations.add(registration);
    const owner = ownerOfSlot(slot);
    if (slot === 0 || slot === 9) {
      applicants.push({
        slot, ownerCode: owner.code, nameCn: owner.nameCn, nameEn: owner.nameEn, code: owner.code, customsCode: owner.customsCode,
        registration, addressEn: owner.addressEn,
      });
      continue;
    }
    let nameCn: string;
    let nameEn: string;
    let city: readonly [string, string, string];
    do {
      const a = rng.pick(NAME_SYLLABLES);
      const b = rng.pick(NAME_SYLLABLES);
      const industry = rng.pick(INDUSTRIES);
      city = rng.pick(CITIES);
      nameCn = `${city[0]}${a[0]}${b[0]}${industry[0]}有限公司`;
      nameEn = `${city[1]} ${a[1]}${b[1]} ${industry[1]} CO., LTD.`;
    } while (used.has(nameCn));
    used.add(nameCn);
    const code = uscc(`9133${rng.pick(['0201', '0203', '0206', '0211', '0212', '0281', '0282', '0226'])}${randomChars(rng, 9)}`);
    const addressEn = `NO. ${rng.int(1, 999)} ${rng.pick(ROADS)}, ${city[2]}, ${city[1]}, ZHEJIANG, CHINA`;
    // 海关编码: the 4-digit area of the credit code's division code, then type and serial.
    let customsCode: string;
    do customsCode = `${code.slice(2, 6)}96${String(customsRng.int(0, 9999)).padStart(4, '0')}`;
    while (customsCodes.has(customsCode));
    customsCodes.add(customsCode);
    applicants.push({ slot, ownerCode: owner.code, nameCn, nameEn, code, customsCode, registration, addressEn });
  }
  return applicants;
}

// Big principals print far more than small ones; the enterprises themselves most.
const SLOT_TABLE = new WeightedTable<number>(
  Array.from({ length: APPLICANT_SLOTS }, (_, slot) => [slot, slot === 0 ? 14 : slot === 9 ? 4 : 5 / slot ** 0.7] as const),
);
const TYPE_TABLE = new WeightedTable<CertificateType>(CERTIFICATE_TYPES.map((t) => [t, TYPE_RULES[t].weight] as const));
const ITEM_COUNT_TABLE = new WeightedTable<number>([
  [1, 45], [2, 25], [3, 12], [4, 8], [5, 3], [6, 2], [8, 2], [12, 1.5], [18, 1], [30, 0.5],
]);

export type LayoutStatus = CertificateDto['layoutStatus'];

/** The columns the store keeps per certificate. */
export interface CertificateCore {
  readonly index: number;
  readonly certificateId: string;
  readonly type: CertificateType;
  readonly slot: number;
  readonly issueDate: string;
  readonly layoutStatus: LayoutStatus;
  /** Offsets from the sandbox's creation for the customs side's next layout transitions. */
  readonly sendingAfterMs: number | null;
  readonly receivedAfterMs: number | null;
  readonly archived: boolean;
  readonly printed: boolean;
  readonly exceptionPrintCount: number;
}

/** The immutable content: DTO fields that never change, plus what only the printed form needs. */
export type CertificateContent = Pick<
  CertificateDto,
  | 'number' | 'type' | 'applicant' | 'applicantCode' | 'exporter' | 'consignee' | 'producer' | 'transport'
  | 'destinationCountry' | 'goods' | 'invoiceNumber' | 'invoiceDate' | 'remarks' | 'backToBack'
  | 'thirdPartyInvoicing' | 'issuedRetroactively' | 'issueDate' | 'approvedAt'
> & {
  /** English destination for the printed form (pdf-lib's standard fonts have no Chinese glyphs). */
  readonly destinationEn: string;
  readonly formTitle: string;
};

export interface GenerationPlan {
  readonly seed: number;
  /** The number of certificates generated at creation; dates are spread over it. */
  readonly count: number;
  readonly applicants: readonly Applicant[];
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

// Times on the customs side are China Standard Time (UTC+8, no daylight saving).
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The date in China at an instant. */
export const chinaDay = (ms: number): string => isoDay(ms + CHINA_OFFSET_MS);
/** An instant as the customs side writes it: China time to the second, with its +08:00 offset. */
export const chinaTime = (ms: number): string => `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;

/** The first authorization in force (印章签名授权) of the sandbox's own enterprises, as seeded history; the agent never authorized. */
export const SEEDED_SELF_PRINT_SINCE: ReadonlyMap<string, string> = new Map([
  [DEMO_ENTERPRISE.code, '2024-03-01T10:15:00+08:00'],
  [OTHER_ENTERPRISE.code, '2024-05-20T14:00:00+08:00'],
]);

/**
 * When a generated principal's first authorization came into force: a working hour in
 * the first 12 months of the history, so its oldest certificates were approved before
 * it and cannot be self-printed. About 1 in 10 never authorized (null).
 */
export function principalSelfPrintSince(seed: number, slot: number): number | null {
  const rng = new Rng(streamSeed(seed, slot, 3));
  if (rng.chance(0.1)) return null;
  const chinaMorning = HISTORY_END - HISTORY_DAYS * DAY_MS + rng.int(0, 364) * DAY_MS;
  // UTC midnight is 08:00 in China: this lands between 09:00 and 16:59.
  return chinaMorning + rng.int(1, 8) * 3600_000 + rng.int(0, 59) * 60_000;
}

function drawCore(plan: GenerationPlan, index: number): { core: CertificateCore; rng: Rng } {
  const rng = new Rng(streamSeed(plan.seed, index));
  const certificateId = `co_${rng.hex(8)}${index.toString(36).padStart(5, '0')}`;
  const type = TYPE_TABLE.pick(rng);
  const slot = SLOT_TABLE.pick(rng);
  const age = plan.count > 1 ? Math.min(index / (plan.count - 1), 1) : 1;
  const day = Math.min(Math.floor(age * HISTORY_DAYS) + rng.int(0, 1), HISTORY_DAYS);
  const issueDate = isoDay(HISTORY_END - (HISTORY_DAYS - day) * DAY_MS);

  let layoutStatus: LayoutStatus = 'received';
  let sendingAfterMs: number | null = null;
  let receivedAfterMs: number | null = null;
  const statusRoll = rng.next();
  if (age >= 1 - PENDING_LAYOUT_SHARE && plan.count > 1) {
    if (statusRoll < 0.5) {
      layoutStatus = 'generated';
      sendingAfterMs = rng.int(15_000, 300_000);
      receivedAfterMs = sendingAfterMs + rng.int(15_000, 180_000);
    } else if (statusRoll < 0.8) {
      layoutStatus = 'sending';
      receivedAfterMs = rng.int(15_000, 180_000);
    }
  }
  // Older certificates were mostly printed and confirmed long ago; recent ones wait.
  const printRoll = rng.next();
  const archivedShare = 0.75 * (1 - age) + 0.03;
  const received = layoutStatus === 'received';
  const archived = received && printRoll < archivedShare;
  const printed = received && printRoll < archivedShare + 0.06;
  const exceptionRoll = rng.next();
  const exceptionPrintCount = printed ? (exceptionRoll < 0.005 ? 2 : exceptionRoll < 0.04 ? 1 : 0) : 0;
  return {
    core: { index, certificateId, type, slot, issueDate, layoutStatus, sendingAfterMs, receivedAfterMs, archived, printed, exceptionPrintCount },
    rng,
  };
}

export function generateCore(plan: GenerationPlan, index: number): CertificateCore {
  return drawCore(plan, index).core;
}

export function certificateNumber(type: CertificateType, issueDate: string, registration: string, serial: number): string {
  return `${type}${issueDate.slice(2, 4)}${registration}${String(serial).padStart(4, '0')}`;
}

const ONES = ['', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE', 'TEN', 'ELEVEN', 'TWELVE',
  'THIRTEEN', 'FOURTEEN', 'FIFTEEN', 'SIXTEEN', 'SEVENTEEN', 'EIGHTEEN', 'NINETEEN'];
const TENS = ['', '', 'TWENTY', 'THIRTY', 'FORTY', 'FIFTY', 'SIXTY', 'SEVENTY', 'EIGHTY', 'NINETY'];

/** Package counts are written in words on certificates of origin ("ONE HUNDRED AND TWENTY (120) CARTONS"). */
export function numberToWords(n: number): string {
  if (n < 20) return ONES[n] ?? '';
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? `-${ONES[n % 10]}` : ''}`;
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} HUNDRED${n % 100 ? ` AND ${numberToWords(n % 100)}` : ''}`;
  return `${numberToWords(Math.floor(n / 1000))} THOUSAND${n % 1000 ? ` ${n % 1000 < 100 ? 'AND ' : ''}${numberToWords(n % 1000)}` : ''}`;
}

// Hand-rolled rather than toLocaleString: Intl formatting is slow enough to matter at 1,000,000 certificates.
const group = (integer: number): string => String(integer).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const money = (value: number): string => {
  const cents = Math.round(value * 100);
  return `${group(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
};
const amount = (value: number): string => {
  const cents = Math.round(value * 100);
  return cents % 100 === 0 ? group(cents / 100) : money(value);
};

const FOREIGN_STREETS = ['HARBOUR ROAD', 'INDUSTRIAL AVENUE', 'MAIN STREET', 'COMMERCE DRIVE', 'PARK LANE', 'RIVERSIDE ROAD'];

function companyName(rng: Rng, country: Country): string {
  const word = rng.pick(FOREIGN_WORDS);
  const trade = rng.pick(FOREIGN_TRADES);
  const suffix = rng.pick(country.companySuffixes);
  return suffix === 'PT' ? `PT ${word} ${trade}` : `${word} ${trade} ${suffix}`;
}

/**
 * The content of generated certificate `index`, for the applicant slot and number the
 * store assigned (the slot can differ from the drawn one when a registration ran out of serials).
 */
export function generateContent(
  plan: GenerationPlan,
  index: number,
  slot: number,
  number: string,
  type: CertificateType = generateCore(plan, index).type,
): CertificateContent {
  const { core: drawn, rng } = drawCore(plan, index);
  const core = { ...drawn, type };
  const applicant = plan.applicants[slot];
  if (!applicant) throw new Error(`no applicant in slot ${slot}`);
  const rule = TYPE_RULES[core.type];
  const countryCode = rng.pick(rule.destinations);
  const country: Country = COUNTRIES[countryCode];
  const port = rng.pick(country.ports);

  const consigneeName = companyName(rng, country);
  const consignee = `${consigneeName}\nNO. ${rng.int(1, 880)} ${rng.pick(FOREIGN_STREETS)}, ${port}, ${country.en}`;
  const exporter = `${applicant.nameEn}\n${applicant.addressEn}`;

  const producerRoll = rng.next();
  const producer =
    producerRoll < 0.5
      ? 'SAME AS EXPORTER'
      : producerRoll < 0.8
        ? `${rng.pick(CITIES)[1]} ${rng.pick(NAME_SYLLABLES)[1]}${rng.pick(NAME_SYLLABLES)[1]} MANUFACTURING CO., LTD.\n${rng.pick(CITIES)[1]}, ZHEJIANG, CHINA`
        : 'AVAILABLE UPON REQUEST';

  const modeRoll = rng.next();
  const vessel = rng.pick(VESSELS);
  const voyage = `${String(rng.int(1, 999)).padStart(3, '0')}${rng.pick(['E', 'W', 'S', 'N'])}`;
  const transport =
    modeRoll < 0.88
      ? `FROM NINGBO, CHINA TO ${port}, ${country.en} BY SEA\nVESSEL: ${vessel} V.${voyage}`
      : modeRoll < 0.95
        ? `FROM SHANGHAI, CHINA TO ${port}, ${country.en} BY SEA\nVESSEL: ${vessel} V.${voyage}`
        : `FROM NINGBO, CHINA TO ${port}, ${country.en} BY AIR`;

  const preferential = rule.criteria.length > 0;
  const itemCount = ITEM_COUNT_TABLE.pick(rng);
  const marksRoll = rng.next();
  const cartonsList = Array.from({ length: itemCount }, () => rng.int(10, 900));
  const totalCartons = cartonsList.reduce((a, b) => a + b, 0);
  const firstMarks = marksRoll < 0.4 ? 'N/M' : `${consigneeName.split(' ')[0]}\n${port}\nC/NO. 1-${totalCartons}`;
  const goods = cartonsList.map((cartons, i) => {
    const product = rng.pick(PRODUCTS);
    const units = cartons * product.unitsPerCarton;
    const fob = units * product.usdPerUnit * (0.85 + rng.next() * 0.3);
    return {
      itemNumber: i + 1,
      marks: i === 0 ? firstMarks : 'SAME AS ABOVE',
      description: `${numberToWords(cartons)} (${cartons}) CARTONS OF ${product.description}`,
      // Preferential forms declare the 6-digit HS subheading; the non-preferential form the full national code.
      hsCode: preferential ? product.hsCode.slice(0, 6) : product.hsCode,
      originCriterion: preferential ? rng.pick(rule.criteria) : '',
      quantity: `${amount(units)} ${product.unit}`,
      grossWeight: `${amount(Math.round(cartons * product.kgPerCarton * 100) / 100)} KG`,
      fobValue: `USD ${money(fob)}`,
    };
  });

  const invoiceDate = isoDay(Date.parse(core.issueDate) - rng.int(1, 25) * DAY_MS);
  const initials = applicant.nameEn.split(' ').slice(0, 2).map((w) => w[0] ?? 'X').join('');
  const invoiceNumber = `${initials}${invoiceDate.slice(2, 4)}${invoiceDate.slice(5, 7)}${String(rng.int(1, 9999)).padStart(4, '0')}`;

  const thirdPartyInvoicing = preferential && rng.chance(0.06);
  const issuedRetroactively = rng.chance(0.03);
  const backToBack = core.type === 'BR';
  const remarks: string[] = [];
  if (thirdPartyInvoicing) remarks.push(`THIRD PARTY INVOICING: ${rng.pick(FOREIGN_WORDS)} TRADING LIMITED, HONG KONG, CHINA`);
  if (backToBack) remarks.push(`BACK-TO-BACK CERTIFICATE BASED ON ORIGINAL CERTIFICATE NO. RC${core.issueDate.slice(2, 4)}${randomChars(rng, 9)}${String(rng.int(1, 9999)).padStart(4, '0')}`);
  if (issuedRetroactively) remarks.push('ISSUED RETROACTIVELY');
  if (rng.chance(0.1)) remarks.push(`L/C NO. ${randomChars(rng, 4, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}${rng.int(100000, 999999)}`);

  const hour = rng.int(8, 17);
  const approvedAt = `${core.issueDate}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}+08:00`;

  return {
    number,
    type: core.type,
    applicant: applicant.nameCn,
    applicantCode: applicant.code,
    exporter,
    consignee,
    producer,
    transport,
    destinationCountry: country.cn,
    goods,
    invoiceNumber,
    invoiceDate,
    remarks: remarks.join('\n'),
    backToBack,
    thirdPartyInvoicing,
    issuedRetroactively,
    issueDate: core.issueDate,
    approvedAt,
    destinationEn: country.en,
    formTitle: rule.formTitle,
  };
}

/**
 * Serial numbers run per (type, year, registration). Generation is sequential, so a
 * counter map gives unique numbers; when a registration's 9,999 serials for a year are
 * used up, the certificate moves to the owner's next applicant with room.
 */
export class SerialAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly applicants: readonly Applicant[]) {}

  allocate(type: CertificateType, issueDate: string, slot: number): { slot: number; number: string } {
    const owner = this.applicants[slot]?.ownerCode;
    for (let step = 0; step < this.applicants.length; step++) {
      const candidate = this.applicants[(slot + step) % this.applicants.length];
      if (!candidate || candidate.ownerCode !== owner) continue;
      const key = `${type}${issueDate.slice(2, 4)}${candidate.registration}`;
      const serial = (this.next.get(key) ?? 0) + 1;
      if (serial > MAX_SERIAL) continue;
      this.next.set(key, serial);
      return { slot: candidate.slot, number: certificateNumber(type, issueDate, candidate.registration, serial) };
    }
    throw new Error(`no certificate serials left for type ${type} in ${issueDate.slice(0, 4)}`);
  }
}


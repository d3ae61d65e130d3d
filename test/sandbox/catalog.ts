// Reference data for generated certificates: which countries each certificate type
// may go to, their ports and company styles, the goods Ningbo exporters ship, and
// the origin criteria each agreement uses. Kept apart from generate.ts so the
// generator reads as rules, not tables.

import type { CertificateType } from '../../main/net/contract';

export interface Country {
  /** As stored in the certificate (the UI is Chinese). */
  readonly cn: string;
  /** As printed on the form (English). */
  readonly en: string;
  readonly ports: readonly string[];
  readonly companySuffixes: readonly string[];
}

const c = (cn: string, en: string, ports: string[], companySuffixes: string[]): Country => ({ cn, en, ports, companySuffixes });

export const COUNTRIES = {
  JP: c('日本', 'JAPAN', ['TOKYO', 'YOKOHAMA', 'OSAKA', 'NAGOYA', 'KOBE'], ['CO., LTD.', 'CORPORATION']),
  KR: c('韩国', 'KOREA', ['BUSAN', 'INCHEON', 'PYEONGTAEK'], ['CO., LTD.', 'CORPORATION']),
  VN: c('越南', 'VIETNAM', ['HAIPHONG', 'HO CHI MINH CITY', 'DA NANG'], ['COMPANY LIMITED', 'JOINT STOCK COMPANY']),
  TH: c('泰国', 'THAILAND', ['BANGKOK', 'LAEM CHABANG'], ['CO., LTD.', 'PUBLIC COMPANY LIMITED']),
  MY: c('马来西亚', 'MALAYSIA', ['PORT KLANG', 'PENANG', 'PASIR GUDANG'], ['SDN. BHD.']),
  ID: c('印度尼西亚', 'INDONESIA', ['JAKARTA', 'SURABAYA', 'SEMARANG'], ['PT', 'TBK']),
  PH: c('菲律宾', 'PHILIPPINES', ['MANILA', 'CEBU', 'DAVAO'], ['INC.', 'CORPORATION']),
  SG: c('新加坡', 'SINGAPORE', ['SINGAPORE'], ['PTE. LTD.']),
  MM: c('缅甸', 'MYANMAR', ['YANGON'], ['CO., LTD.']),
  KH: c('柬埔寨', 'CAMBODIA', ['SIHANOUKVILLE', 'PHNOM PENH'], ['CO., LTD.']),
  LA: c('老挝', 'LAOS', ['VIENTIANE'], ['SOLE CO., LTD.']),
  BN: c('文莱', 'BRUNEI', ['MUARA'], ['SDN. BHD.']),
  AU: c('澳大利亚', 'AUSTRALIA', ['SYDNEY', 'MELBOURNE', 'BRISBANE', 'FREMANTLE'], ['PTY LTD']),
  NZ: c('新西兰', 'NEW ZEALAND', ['AUCKLAND', 'TAURANGA', 'LYTTELTON'], ['LIMITED']),
  IN: c('印度', 'INDIA', ['NHAVA SHEVA', 'CHENNAI', 'MUNDRA'], ['PRIVATE LIMITED']),
  BD: c('孟加拉国', 'BANGLADESH', ['CHITTAGONG'], ['LIMITED']),
  LK: c('斯里兰卡', 'SRI LANKA', ['COLOMBO'], ['(PVT) LTD']),
  MN: c('蒙古', 'MONGOLIA', ['ULAANBAATAR'], ['LLC']),
  PK: c('巴基斯坦', 'PAKISTAN', ['KARACHI', 'PORT QASIM'], ['(PVT.) LTD.']),
  CL: c('智利', 'CHILE', ['SAN ANTONIO', 'VALPARAISO'], ['S.A.', 'LTDA.']),
  CH: c('瑞士', 'SWITZERLAND', ['BASEL'], ['AG', 'SA']),
  IS: c('冰岛', 'ICELAND', ['REYKJAVIK'], ['EHF.']),
  GE: c('格鲁吉亚', 'GEORGIA', ['POTI', 'BATUMI'], ['LLC']),
  TW: c('中国台湾', 'TAIWAN, CHINA', ['KAOHSIUNG', 'KEELUNG', 'TAICHUNG'], ['CO., LTD.']),
  MU: c('毛里求斯', 'MAURITIUS', ['PORT LOUIS'], ['LTD']),
  PE: c('秘鲁', 'PERU', ['CALLAO'], ['S.A.C.']),
  CR: c('哥斯达黎加', 'COSTA RICA', ['PUERTO LIMON', 'CALDERA'], ['S.A.']),
  US: c('美国', 'UNITED STATES', ['LOS ANGELES', 'LONG BEACH', 'NEW YORK', 'SAVANNAH'], ['INC.', 'LLC']),
  DE: c('德国', 'GERMANY', ['HAMBURG', 'BREMERHAVEN'], ['GMBH']),
  GB: c('英国', 'UNITED KINGDOM', ['FELIXSTOWE', 'SOUTHAMPTON'], ['LTD']),
  FR: c('法国', 'FRANCE', ['LE HAVRE', 'MARSEILLE'], ['SAS', 'SARL']),
  IT: c('意大利', 'ITALY', ['GENOA', 'LA SPEZIA'], ['S.R.L.', 'S.P.A.']),
  NL: c('荷兰', 'NETHERLANDS', ['ROTTERDAM'], ['B.V.']),
  ES: c('西班牙', 'SPAIN', ['VALENCIA', 'BARCELONA'], ['S.L.']),
  BR: c('巴西', 'BRAZIL', ['SANTOS', 'ITAJAI'], ['LTDA.']),
  MX: c('墨西哥', 'MEXICO', ['MANZANILLO', 'LAZARO CARDENAS'], ['S.A. DE C.V.']),
  RU: c('俄罗斯', 'RUSSIA', ['VLADIVOSTOK', 'SAINT PETERSBURG'], ['LLC']),
  AE: c('阿联酋', 'UNITED ARAB EMIRATES', ['JEBEL ALI'], ['L.L.C.', 'FZE']),
  SA: c('沙特阿拉伯', 'SAUDI ARABIA', ['JEDDAH', 'DAMMAM'], ['CO.']),
  TR: c('土耳其', 'TURKEY', ['MERSIN', 'ISTANBUL'], ['A.S.', 'LTD. STI.']),
  ZA: c('南非', 'SOUTH AFRICA', ['DURBAN'], ['(PTY) LTD']),
  CA: c('加拿大', 'CANADA', ['VANCOUVER', 'MONTREAL'], ['INC.', 'LTD.']),
  EG: c('埃及', 'EGYPT', ['ALEXANDRIA', 'PORT SAID'], ['S.A.E.']),
} as const satisfies Record<string, Country>;

export type CountryCode = keyof typeof COUNTRIES;

const ASEAN: CountryCode[] = ['VN', 'TH', 'MY', 'ID', 'PH', 'SG', 'MM', 'KH', 'LA', 'BN'];
const RCEP: CountryCode[] = ['JP', 'KR', 'AU', 'NZ', ...ASEAN];
const WORLD: CountryCode[] = ['US', 'DE', 'GB', 'FR', 'IT', 'NL', 'ES', 'BR', 'MX', 'RU', 'AE', 'SA', 'TR', 'ZA', 'CA', 'EG', 'IN', 'JP', 'KR', 'AU'];

export interface TypeRule {
  readonly weight: number;
  /** Printed in the form's title block. */
  readonly formTitle: string;
  readonly destinations: readonly CountryCode[];
  /** Empty for forms that have no origin criterion column (non-preferential, tobacco, re-export). */
  readonly criteria: readonly string[];
}

const rule = (weight: number, formTitle: string, destinations: CountryCode[], criteria: string[]): TypeRule => ({ weight, formTitle, destinations, criteria });

// Weights follow a Ningbo exporter's mix: mostly non-preferential, Form E and RCEP.
export const TYPE_RULES: Record<CertificateType, TypeRule> = {
  C: rule(30, 'CERTIFICATE OF ORIGIN OF THE PEOPLE\'S REPUBLIC OF CHINA', WORLD, []),
  E: rule(18, 'ASEAN-CHINA FREE TRADE AREA PREFERENTIAL TARIFF CERTIFICATE OF ORIGIN (FORM E)', ASEAN, ['WO', 'PE', 'RVC 40%', 'CTH', 'PSR']),
  RC: rule(20, 'REGIONAL COMPREHENSIVE ECONOMIC PARTNERSHIP AGREEMENT CERTIFICATE OF ORIGIN (FORM RCEP)', RCEP, ['WO', 'PE', 'CTC', 'RVC 40%']),
  BR: rule(2, 'FORM RCEP (BACK-TO-BACK CERTIFICATE OF ORIGIN)', RCEP, ['WO', 'PE', 'CTC', 'RVC 40%']),
  K: rule(5, 'CERTIFICATE OF ORIGIN - CHINA-KOREA FREE TRADE AGREEMENT', ['KR'], ['WO', 'PE', 'CTH', 'CTSH', 'RVC 40%']),
  A: rule(5, 'CERTIFICATE OF ORIGIN - CHINA-AUSTRALIA FREE TRADE AGREEMENT', ['AU'], ['WO', 'PE', 'PSR']),
  B: rule(3, 'ASIA-PACIFIC TRADE AGREEMENT CERTIFICATE OF ORIGIN', ['IN', 'KR', 'BD', 'LK', 'LA', 'MN'], ['A', 'B 45%', 'C']),
  N: rule(2, 'CERTIFICATE OF ORIGIN FORM FOR CHINA-NEW ZEALAND FTA', ['NZ'], ['WO', 'PE', 'PSR']),
  P: rule(2, 'CERTIFICATE OF ORIGIN - CHINA-PAKISTAN FTA', ['PK'], ['WO', 'PE', 'RVC 40%', 'CTH']),
  F: rule(2, 'CERTIFICATE OF ORIGIN FORM F FOR CHINA-CHILE FTA', ['CL'], ['P', 'RVC 40%', 'CTH']),
  S: rule(1.5, 'CERTIFICATE OF ORIGIN - CHINA-SWITZERLAND FTA', ['CH'], ['WO', 'CTH', 'RVC']),
  I: rule(0.5, 'CERTIFICATE OF ORIGIN - CHINA-ICELAND FTA', ['IS'], ['WO', 'CTH', 'PSR']),
  GE: rule(0.5, 'CERTIFICATE OF ORIGIN - CHINA-GEORGIA FTA', ['GE'], ['WO', 'PE', 'CTH', 'RVC 40%']),
  X: rule(2, 'CERTIFICATE OF ORIGIN - CHINA-SINGAPORE FTA', ['SG'], ['WO', 'PE', 'CTH', 'RVC 40%']),
  H: rule(1, 'CERTIFICATE OF ORIGIN - ECFA', ['TW'], ['WO', 'PE', 'RVC 40%']),
  MU: rule(0.5, 'CERTIFICATE OF ORIGIN - CHINA-MAURITIUS FTA', ['MU'], ['WO', 'PE', 'CTH']),
  R: rule(1.5, 'CERTIFICATE OF ORIGIN - CHINA-PERU FTA', ['PE'], ['WO', 'PE', 'CTH', 'RVC 50%']),
  L: rule(0.5, 'CERTIFICATE OF ORIGIN - CHINA-COSTA RICA FTA', ['CR'], ['WO', 'PE', 'CTH', 'RVC 40%']),
  T: rule(0.5, 'CERTIFICATE OF AUTHENTICITY (TOBACCO)', ['RU', 'AE', 'ID', 'VN', 'EG'], []),
  TR: rule(1, 'CERTIFICATE OF RE-EXPORT', WORLD, []),
  PR: rule(1, 'CERTIFICATE OF PROCESSING', WORLD, []),
};

export interface Product {
  readonly description: string;
  readonly hsCode: string;
  readonly unit: string;
  readonly unitsPerCarton: number;
  readonly kgPerCarton: number;
  readonly usdPerUnit: number;
}

const p = (description: string, hsCode: string, unit: string, unitsPerCarton: number, kgPerCarton: number, usdPerUnit: number): Product =>
  ({ description, hsCode, unit, unitsPerCarton, kgPerCarton, usdPerUnit });

export const PRODUCTS: readonly Product[] = [
  p('MEN\'S COTTON KNITTED T-SHIRTS', '6109100021', 'PCS', 60, 12, 2.85),
  p('WOMEN\'S POLYESTER WOVEN JACKETS', '6202400090', 'PCS', 20, 11, 9.6),
  p('BABY COTTON ROMPERS', '6111200050', 'PCS', 100, 9, 1.95),
  p('STAINLESS STEEL KITCHEN SINKS', '7324100000', 'PCS', 1, 8.5, 24.5),
  p('STAINLESS STEEL VACUUM FLASKS', '9617001900', 'PCS', 24, 10, 3.4),
  p('LED PANEL LIGHTS', '9405119000', 'PCS', 4, 9, 11.2),
  p('LED BULBS E27 9W', '8539520000', 'PCS', 100, 6.5, 0.62),
  p('ELECTRIC KETTLES 1.7L', '8516719000', 'PCS', 6, 7.2, 6.8),
  p('HAIR DRYERS', '8516310000', 'PCS', 10, 8, 5.3),
  p('PLASTIC STORAGE BOXES', '3924900000', 'PCS', 12, 6, 2.1),
  p('PLASTIC GARDEN CHAIRS', '9401790000', 'PCS', 4, 10, 7.9),
  p('POLYPROPYLENE WOVEN BAGS', '6305330090', 'PCS', 500, 22, 0.18),
  p('BALL POINT PENS', '9608101000', 'PCS', 1000, 11, 0.05),
  p('SCHOOL NOTEBOOKS', '4820200000', 'PCS', 200, 16, 0.35),
  p('HAND TOOLS SETS', '8206000000', 'SETS', 6, 13, 8.4),
  p('ADJUSTABLE WRENCHES', '8204110000', 'PCS', 50, 15, 1.25),
  p('BICYCLE PARTS (CRANKS)', '8714910000', 'PCS', 40, 18, 3.3),
  p('WOODEN BEDSIDE TABLES', '9403609990', 'PCS', 1, 14, 21),
  p('BAMBOO CUTTING BOARDS', '4419120000', 'PCS', 20, 12, 1.6),
  p('CERAMIC TABLEWARE SETS', '6912001000', 'SETS', 4, 16, 9.9),
  p('GLASS CANDLE HOLDERS', '7013990000', 'PCS', 48, 10, 0.85),
  p('CHRISTMAS DECORATIONS (PLASTIC)', '9505100090', 'PCS', 144, 7, 0.4),
  p('SOLAR GARDEN LAMPS', '9405490090', 'PCS', 24, 8, 2.2),
  p('ELECTRIC WIRE AND CABLE', '8544492100', 'M', 500, 20, 0.3),
  p('WATER PUMPS', '8413709990', 'SETS', 1, 16, 38),
  p('BALL BEARINGS', '8482102000', 'PCS', 200, 18, 0.9),
  p('FROZEN PEELED SHRIMP', '0306171900', 'KGS', 10, 11, 7.4),
  p('DRIED SEAWEED', '1212210000', 'KGS', 20, 21, 5.2),
  p('POLYESTER FILAMENT YARN', '5402330000', 'KGS', 25, 25.5, 1.45),
  p('COTTON BED SHEETS', '6302210000', 'SETS', 20, 14, 6.2),
  p('UMBRELLAS', '6601990000', 'PCS', 60, 13, 1.7),
  p('SPORTS SHOES', '6404110000', 'PAIRS', 12, 9, 7.5),
];

/** Syllables for Chinese company names, with the pinyin their English names use. */
export const NAME_SYLLABLES: readonly (readonly [string, string])[] = [
  ['华', 'HUA'], ['海', 'HAI'], ['通', 'TONG'], ['达', 'DA'], ['盛', 'SHENG'], ['源', 'YUAN'], ['丰', 'FENG'],
  ['泰', 'TAI'], ['恒', 'HENG'], ['鑫', 'XIN'], ['宏', 'HONG'], ['联', 'LIAN'], ['明', 'MING'], ['东', 'DONG'],
  ['瑞', 'RUI'], ['金', 'JIN'], ['永', 'YONG'], ['佳', 'JIA'], ['和', 'HE'], ['嘉', 'JIA'], ['博', 'BO'], ['远', 'YUAN'],
];

export const INDUSTRIES: readonly (readonly [string, string])[] = [
  ['进出口', 'IMPORT & EXPORT'], ['电器', 'ELECTRIC APPLIANCE'], ['纺织品', 'TEXTILES'], ['五金工具', 'HARDWARE & TOOLS'],
  ['塑料制品', 'PLASTIC PRODUCTS'], ['文具', 'STATIONERY'], ['家居用品', 'HOUSEWARE'], ['机械', 'MACHINERY'],
  ['照明电器', 'LIGHTING'], ['服饰', 'GARMENTS'], ['国际贸易', 'INTERNATIONAL TRADING'], ['水产', 'AQUATIC PRODUCTS'],
];

export const CITIES: readonly (readonly [string, string, string])[] = [
  // [Chinese, English, district used in addresses]
  ['宁波', 'NINGBO', 'YINZHOU DISTRICT'], ['宁波', 'NINGBO', 'BEILUN DISTRICT'], ['宁波', 'NINGBO', 'JIANGBEI DISTRICT'],
  ['余姚', 'YUYAO', 'YANGMING SUBDISTRICT'], ['慈溪', 'CIXI', 'HUSHAN SUBDISTRICT'], ['宁海', 'NINGHAI', 'TAOYUAN SUBDISTRICT'],
];

export const ROADS: readonly string[] = [
  'ZHONGSHAN EAST ROAD', 'SIMING ROAD', 'JINGJIA ROAD', 'MINGZHOU ROAD', 'BAIZHANG ROAD', 'TIANTONG SOUTH ROAD',
  'XINGNING ROAD', 'YANGFAN ROAD', 'HUIFENG ROAD', 'CANGHAI ROAD',
];

export const FOREIGN_WORDS: readonly string[] = [
  'PACIFIC', 'GLOBAL', 'SUNRISE', 'BLUE OCEAN', 'GOLDEN', 'PRIME', 'UNITED', 'NORTHSTAR', 'GREENFIELD', 'CROWN',
  'ORIENT', 'SILVERLINE', 'HARBOUR', 'EVEREST', 'ATLAS', 'VERTEX', 'SUMMIT', 'MERIDIAN', 'LOTUS', 'CORAL',
];

export const FOREIGN_TRADES: readonly string[] = [
  'TRADING', 'IMPORTS', 'DISTRIBUTION', 'HOME GOODS', 'RETAIL', 'SUPPLY', 'MERCHANDISING', 'HOLDINGS', 'INDUSTRIES',
];

export const VESSELS: readonly string[] = [
  'COSCO SHIPPING ARIES', 'MSC GULSUN', 'EVER GIVEN', 'MAERSK ESSEN', 'CMA CGM JACQUES SAADE', 'OOCL HONG KONG',
  'ONE APUS', 'HMM ALGECIRAS', 'YM WELLNESS', 'WAN HAI 361', 'KMTC SHANGHAI', 'SITC NINGBO',
];

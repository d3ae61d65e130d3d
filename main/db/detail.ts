// certificates.detail on disk: the JSON of what no column holds, deflated. Issue 9 (cache
// size at 1,000,000 certificates): the JSON was about half of every row. A preset
// dictionary of the record's keys and usual values lets even a short record compress,
// since deflate alone finds little to repeat inside 600 bytes. The first byte names the
// dictionary, so a later one can be added without rewriting the rows written with this.

import { deflateRawSync, inflateRawSync } from 'node:zlib';

const DICTIONARY_V1 = Buffer.from(
  JSON.stringify({
    exporter: 'IMPORT AND EXPORT CO., LTD.\nNO. ROAD, NINGBO, ZHEJIANG, CHINA',
    consignee: 'TRADING CO., LTD.\nNO. STREET, ',
    producer: 'SAME AS EXPORTER MANUFACTURING CO., LTD. AVAILABLE UPON REQUEST',
    transport: 'FROM NINGBO, CHINA TO , BY SEA\nVESSEL: V.',
    goods: [{ itemNumber: 1, marks: 'N/M', description: ' CARTONS OF ', hsCode: '', originCriterion: 'WO', quantity: ' PCS', grossWeight: ' KG', fobValue: 'USD ' }],
    invoiceNumber: '',
    invoiceDate: '2024-',
    remarks: '',
    backToBack: false,
    thirdPartyInvoicing: false,
    issuedRetroactively: false,
    updatedAt: '2024-T00:00:00.000Z',
    layouts: { original: { size: 1 }, copy: { size: 1 } },
  }),
);
const V1 = 1;

export function encodeDetail(json: string): Buffer {
  const packed = deflateRawSync(json, { dictionary: DICTIONARY_V1, level: 6 });
  const stored = Buffer.allocUnsafe(packed.length + 1);
  stored[0] = V1;
  packed.copy(stored, 1);
  return stored;
}

/** The JSON of a stored detail: a Buffer as encodeDetail wrote it, or the text rows had before migration 0080. */
export function decodeDetail(stored: Buffer | string): string {
  if (typeof stored === 'string') return stored;
  if (stored[0] !== V1) throw new Error(`unknown detail encoding ${stored[0]}`);
  return inflateRawSync(stored.subarray(1), { dictionary: DICTIONARY_V1 }).toString('utf8');
}

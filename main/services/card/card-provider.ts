// The e-port card (电子口岸卡) never leaves its reader: the app asks a provider to read
// it and to sign with it after its PIN. One interface, two providers: the e-port
// client control's local signing service (eport-card.ts, production) and a PKCS#12
// soft card (soft-card.ts, sandbox and training). The PIN is passed through for one
// signature and never kept.

import type { CardInfo } from '../../../preload/contract';
import type { CardSignature } from '../../net/contract';

export interface CardProvider {
  /** What the inserted card says without its PIN (number, holder, validity). */
  read(): Promise<CardInfo>;
  /** Signs `data` with the card's key after the PIN; the card certificate comes with the signature. */
  sign(data: Uint8Array, pin: string): Promise<CardSignature>;
}

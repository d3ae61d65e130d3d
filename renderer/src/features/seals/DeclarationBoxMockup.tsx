import type { ReactNode } from 'react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ScanKind } from '../../../../preload/contract';

interface Props {
  /** Where the mark goes: a seal is stamped over the signature line, a signature is written on it. */
  kind: ScanKind;
  children?: ReactNode;
}

/**
 * Box 11 of a certificate of origin, drawn at its paper size (see .declaration-box in
 * styles.css) so that a mark shown at true size inside it looks as it will on the certificate.
 */
export function DeclarationBoxMockup({ kind, children }: Props) {
  const { t } = useTranslation();
  return (
    <div className="declaration-box" data-testid="declaration-box" data-kind={kind} lang="en">
      <div className="declaration-box-title">{t('scans.mockup.title')}</div>
      <p className="declaration-box-text">{t('scans.mockup.text')}</p>
      <div className="declaration-box-place">
        {t('scans.mockup.place')} {dayjs().format('YYYY-MM-DD')}
      </div>
      <div className="declaration-box-line" />
      <div className="declaration-box-label">{t('scans.mockup.label')}</div>
      <div className={`declaration-box-mark declaration-box-mark-${kind}`}>{children}</div>
    </div>
  );
}

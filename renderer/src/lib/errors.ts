import type { AppError } from '../../../preload/contract';
import i18n from '../i18n';

/** The text to show for an error: main's Chinese message, or the i18n text for its code. */
export function errorText(error: AppError): string {
  return error.message.trim() !== '' ? error.message : i18n.t(`errors.${error.code}`);
}

import type { Language } from '../../../../preload/contract';
import { call, invoke } from '../../lib/api';
import { setLocale } from '../../i18n';

/** The language is a workstation setting kept by main: the one way to change it. */
export async function chooseLanguage(language: Language): Promise<void> {
  await call('settings:setLanguage', { language });
  setLocale(language);
}

/** Before the first render: the saved language, so the page never flashes in the other one. */
export async function applySavedLanguage(): Promise<void> {
  const result = await invoke('settings:get');
  if (result.ok) setLocale(result.value.language);
}

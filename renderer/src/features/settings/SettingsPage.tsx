import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type AppSettings, type Language, type PrinterInfo } from '../../../../preload/contract';
import { alreadyShown, call, invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { testId } from '../../lib/testId';
import { useRemoteValue } from '../../lib/useRemote';
import { PrinterCalibrationLine } from '../calibration';
import { CacheSection } from './CacheSection';
import { chooseLanguage } from './language';

const loadSettings = () => call('settings:get');

/**
 * 设置: server address, default printer, language, the cache and the logs. Before sign-in
 * (from the login page) only what does not belong to a user is shown.
 */
export function SettingsPage({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const { value: settings, setValue } = useRemoteValue(loadSettings);

  return (
    <div className="settings-page" data-testid="settings-page">
      <Space orientation="vertical" size="middle" className="settings-stack">
        <ServerSection settings={settings} onSaved={setValue} />
        {signedIn && <PrinterSection settings={settings} onSaved={setValue} />}
        <Card title={t('settings.languageTitle')} size="small">
          <LanguageField settings={settings} onSaved={setValue} />
        </Card>
        {signedIn && <CacheSection />}
        <LogsSection />
      </Space>
    </div>
  );
}

interface SectionProps {
  settings: AppSettings | undefined;
  onSaved: (settings: AppSettings) => void;
}

function ServerSection({ settings, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (settings) setValue(settings.serverUrl);
  }, [settings]);

  async function save(url: string): Promise<void> {
    setSaving(true);
    setError(null);
    // main's Chinese reason stays beside the field, not in a passing toast.
    const result = await invoke('settings:setServer', { serverUrl: url });
    setSaving(false);
    if (!result.ok) {
      setError(errorText(result.error));
      return;
    }
    onSaved(result.value);
    void message.success(t('settings.serverSaved'));
  }

  function submit(url: string): void {
    if (url.trim() === '') {
      setError(t('settings.serverRequired'));
      return;
    }
    // Only a real change of server is worth the sign-out question; main refuses anything that is not https, with its reason.
    if (!isHttps(url) || (settings && sameOrigin(url, settings.serverUrl))) {
      void save(url);
      return;
    }
    modal.confirm({
      title: t('settings.serverConfirmTitle'),
      content: t('settings.serverConfirm'),
      okButtonProps: { ...testId('settings-server-confirm') },
      onOk: () => save(url),
    });
  }

  return (
    <Card title={t('settings.serverTitle')} size="small">
      <Form layout="vertical" onFinish={() => submit(value)}>
        <Form.Item
          validateStatus={error ? 'error' : undefined}
          help={<span data-testid="settings-server-error">{error ?? t('settings.serverHint')}</span>}
        >
          <Space.Compact className="settings-server-row">
            <Input
              value={value}
              onChange={(event) => {
                setValue(event.target.value);
                setError(null);
              }}
              placeholder="https://"
              spellCheck={false}
              data-testid="settings-server-input"
            />
            <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-server-save">
              {t('settings.serverSave')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {settings && (
          <Typography.Text type="secondary" data-testid="settings-server-current">
            {t('settings.serverDefault', { url: settings.defaultServerUrl })}{' '}
            {settings.serverUrl !== settings.defaultServerUrl && (
              <Button type="link" size="small" onClick={() => submit(settings.defaultServerUrl)}>
                {t('settings.serverReset')}
              </Button>
            )}
          </Typography.Text>
        )}
      </Form>
    </Card>
  );
}

function isHttps(value: string): boolean {
  try {
    return new URL(value.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a.trim()).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

const SYSTEM_DEFAULT = '';

function PrinterSection({ settings, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loadPrinters = useCallback(() => call('printers:list'), []);
  const { value: printers, loading } = useRemoteValue<PrinterInfo[]>(loadPrinters);
  const current = settings?.defaultPrinter ?? SYSTEM_DEFAULT;
  const names = new Set((printers ?? []).map((printer) => printer.name));
  const calibrated = current !== SYSTEM_DEFAULT ? current : printers?.find((printer) => printer.isDefault)?.name;

  async function change(name: string): Promise<void> {
    try {
      onSaved(await call('settings:setPrinter', { printer: name === SYSTEM_DEFAULT ? null : name }));
      void message.success(t('settings.printerSaved'));
    } catch (error) {
      alreadyShown(error);
    }
  }

  return (
    <Card title={t('settings.printerTitle')} size="small">
      <Select<string>
        className="settings-select"
        loading={loading}
        value={current}
        onChange={(name) => void change(name)}
        options={[
          { value: SYSTEM_DEFAULT, label: t('settings.printerSystem') },
          // A saved printer that is not installed now is still shown, so the user sees what is set.
          ...(current !== SYSTEM_DEFAULT && !names.has(current) ? [{ value: current, label: current }] : []),
          ...(printers ?? []).map((printer) => ({ value: printer.name, label: printer.name })),
        ]}
        data-testid="settings-printer-select"
      />
      {/* 打印校准 of the printer the print dialog offers first: the same line as in the dialog. */}
      <PrinterCalibrationLine printer={calibrated} />
      <Typography.Paragraph type="secondary" className="settings-hint">
        {t('settings.printerHint')}
      </Typography.Paragraph>
    </Card>
  );
}

function LanguageField({ settings, onSaved }: SectionProps) {
  const { i18n } = useTranslation();
  const { message } = App.useApp();
  const value: Language = settings?.language ?? (i18n.language === 'en-US' ? 'en-US' : 'zh-CN');

  async function change(language: Language): Promise<void> {
    try {
      await chooseLanguage(language);
      if (settings) onSaved({ ...settings, language });
      // i18n.t, not the render's t: the message is in the language just chosen.
      void message.success(i18n.t('settings.languageSaved'));
    } catch (error) {
      alreadyShown(error);
    }
  }

  return (
    <Select<Language>
      className="settings-select"
      value={value}
      onChange={(language) => void change(language)}
      options={LANGUAGES.map((language) => ({ value: language, label: i18n.t(`app.languageNames.${language}`) }))}
      data-testid="settings-language-select"
    />
  );
}

function LogsSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);

  async function exportLogs(): Promise<void> {
    setExporting(true);
    try {
      const saved = await call('settings:exportLogs');
      if (saved) void message.success(t('settings.logsExported', { path: saved.savedTo }));
    } catch (error) {
      alreadyShown(error);
    } finally {
      setExporting(false);
    }
  }

  return (
    <Card title={t('settings.logsTitle')} size="small">
      <Typography.Paragraph type="secondary">{t('settings.logsHint')}</Typography.Paragraph>
      <Button onClick={() => void exportLogs()} loading={exporting} data-testid="settings-export-logs">
        {t('settings.logsExport')}
      </Button>
    </Card>
  );
}

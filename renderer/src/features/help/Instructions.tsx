import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FaqDownloadButton } from './FaqDownloadButton';
import { NotFoundTips } from './NotFoundTips';
import { Tips } from './Tips';

/** The i18n keys that hold a list of tips. */
type TipsKey =
  | 'help.loginTips'
  | 'help.authorizationTips'
  | 'proxy.tips'
  | 'help.showTips'
  | 'exports.helpTips'
  | 'help.printerTips'
  | 'calibration.tips'
  | 'help.printTips'
  | 'help.exceptionsTips'
  | 'help.downloadTips'
  | 'help.settingsTips';

/** 使用说明: the manual's tips, built in so they are there offline, in the manual's order. */
export function Instructions({ onFaqDownloaded }: { onFaqDownloaded?: () => void } = {}) {
  const { t } = useTranslation();
  const list = (key: TipsKey): string[] => t(key, { returnObjects: true });

  return (
    <div className="help-page" data-testid="instructions">
      <Card>
        <Typography.Title level={4}>{t('help.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('help.intro')}</Typography.Paragraph>

        {/* Manual chapter 7: 点击使用说明中的按钮即可下载最新的常见问题及解答. */}
        <div className="help-faq-download" data-testid="instructions-faq">
          <Typography.Text>{t('faq.downloadHint')}</Typography.Text>
          <FaqDownloadButton primary onDownloaded={() => onFaqDownloaded?.()} />
        </div>

        <Typography.Title level={5}>{t('help.loginTitle')}</Typography.Title>
        <Tips items={list('help.loginTips')} ordered />

        <Typography.Title level={5}>{t('help.authorizationTitle')}</Typography.Title>
        <Tips items={list('help.authorizationTips')} />

        <Typography.Title level={5}>{t('help.proxyTitle')}</Typography.Title>
        <Tips items={list('proxy.tips')} ordered />

        <Typography.Title level={5}>{t('help.showTitle')}</Typography.Title>
        <Tips items={list('help.showTips')} ordered />

        <Typography.Title level={5}>{t('help.notFoundTitle')}</Typography.Title>
        <NotFoundTips />

        <Typography.Title level={5}>{t('exports.helpTitle')}</Typography.Title>
        <Tips items={list('exports.helpTips')} ordered />

        <Typography.Title level={5}>{t('help.printerTitle')}</Typography.Title>
        <Tips items={list('help.printerTips')} />

        <Typography.Title level={5}>{t('calibration.helpTitle')}</Typography.Title>
        <Tips items={list('calibration.tips')} ordered />

        <Typography.Title level={5}>{t('help.printTipsTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('certificates.tip')} className="help-alert" />
        <Tips items={list('help.printTips').slice(1)} />

        <Typography.Title level={5}>{t('help.confirmTitle')}</Typography.Title>
        <Typography.Paragraph className="help-quote">{t('print.confirm.content', { number: '***' })}</Typography.Paragraph>

        <Typography.Title level={5}>{t('help.exceptionsTitle')}</Typography.Title>
        <Tips items={list('help.exceptionsTips')} ordered />

        <Typography.Title level={5}>{t('help.downloadTitle')}</Typography.Title>
        <Tips items={list('help.downloadTips')} ordered />
        <Alert type="info" showIcon title={t('downloads.tipTitle')} description={t('downloads.tip')} className="help-alert" data-testid="help-download-tip" />

        <Typography.Title level={5}>{t('help.settingsTitle')}</Typography.Title>
        <Tips items={list('help.settingsTips')} />
      </Card>
    </div>
  );
}

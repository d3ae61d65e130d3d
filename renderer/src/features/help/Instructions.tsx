import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

function Tips({ items, ordered = false }: { items: string[]; ordered?: boolean }) {
  const List = ordered ? 'ol' : 'ul';
  return (
    <List className="help-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </List>
  );
}

/** 使用说明: the manual's tips, built in so they are there offline. */
export function Instructions() {
  const { t } = useTranslation();
  const list = (key: 'help.printTips' | 'help.showTips' | 'help.notFoundTips' | 'help.printerTips'): string[] =>
    t(key, { returnObjects: true });

  return (
    <div className="help-page" data-testid="instructions">
      <Card>
        <Typography.Title level={4}>{t('help.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('help.intro')}</Typography.Paragraph>

        <Typography.Title level={5}>{t('help.printTipsTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('certificates.tip')} className="help-alert" />
        <Tips items={list('help.printTips').slice(1)} />

        <Typography.Title level={5}>{t('help.confirmTitle')}</Typography.Title>
        <Typography.Paragraph className="help-quote">{t('print.confirm.content', { number: '***' })}</Typography.Paragraph>

        <Typography.Title level={5}>{t('help.showTitle')}</Typography.Title>
        <Tips items={list('help.showTips')} ordered />

        <Typography.Title level={5}>{t('help.notFoundTitle')}</Typography.Title>
        <Typography.Paragraph>{t('help.notFoundIntro')}</Typography.Paragraph>
        <Tips items={list('help.notFoundTips')} />

        <Typography.Title level={5}>{t('help.printerTitle')}</Typography.Title>
        <Tips items={list('help.printerTips')} />
      </Card>
    </div>
  );
}

import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Tips } from './Tips';

/** 自助打印证书查不到: the manual's advice and the common causes; in 使用说明 and behind 查看解决办法. */
export function NotFoundTips() {
  const { t } = useTranslation();
  const tips: string[] = t('help.notFoundTips', { returnObjects: true });
  return (
    <>
      <Typography.Paragraph>{t('help.notFoundIntro')}</Typography.Paragraph>
      <Tips items={tips} />
    </>
  );
}

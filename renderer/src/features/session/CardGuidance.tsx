import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** What to do when no card can be read: the manual's 小提示 on its login screen. */
export function CardGuidance() {
  const { t } = useTranslation();
  const tips: string[] = t('session.card.tips', { returnObjects: true });
  return (
    <div className="card-guidance" data-testid="card-guidance">
      <p className="card-guidance-lead">{t('session.card.guidanceLead')}</p>
      <Typography.Text strong>{t('session.card.tipsTitle')}</Typography.Text>
      <ol className="card-guidance-tips">
        {tips.map((tip) => (
          <li key={tip}>{tip}</li>
        ))}
      </ol>
    </div>
  );
}

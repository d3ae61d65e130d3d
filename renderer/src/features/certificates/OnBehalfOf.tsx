import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** "代 … 打印": an agent's job for a principal (委托企业); nothing for the enterprise's own. */
export function OnBehalfOf({ name }: { name: string | null }) {
  const { t } = useTranslation();
  if (name === null) return null;
  return (
    <Tag color="purple" className="print-on-behalf" data-testid="print-job-on-behalf">
      {t('print.queue.onBehalfOf', { name })}
    </Tag>
  );
}

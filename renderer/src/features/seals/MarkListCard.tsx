import type { ReactNode } from 'react';
import { Alert, Button, Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  hint: string;
  addLabel: string;
  addTestId: string;
  loading: boolean;
  onAdd: () => void;
  onRefresh: () => void;
  children: ReactNode;
}

/** The frame of 印章制作 and 签名制作: 新增 and 刷新 above the manual's replace hint and the list. */
export function MarkListCard({ title, hint, addLabel, addTestId, loading, onAdd, onRefresh, children }: Props) {
  const { t } = useTranslation();
  return (
    <Card
      className="mark-list-card"
      title={title}
      extra={
        <Space>
          <Button onClick={onRefresh} loading={loading} data-testid="mark-refresh">
            {t('marks.refresh')}
          </Button>
          <Button type="primary" onClick={onAdd} data-testid={addTestId}>
            {addLabel}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={hint} className="mark-list-hint" />
      {children}
    </Card>
  );
}

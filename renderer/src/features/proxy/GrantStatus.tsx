import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../lib/time';

export type GrantStatusValue = 'active' | 'revoked';

export function grantStatus(revokedAt: string | null): GrantStatusValue {
  return revokedAt === null ? 'active' : 'revoked';
}

/** 有效, or 已撤销 with the time: one look for 代理打印授权 and 委托企业列表. */
export function GrantStatus({ revokedAt }: { revokedAt: string | null }) {
  const { t } = useTranslation();
  if (revokedAt === null) return <Tag color="success">{t('proxy.status.active')}</Tag>;
  return (
    <span className="grant-status-revoked">
      <Tag>{t('proxy.status.revoked')}</Tag>
      <span className="grant-status-time">{dateTime(revokedAt)}</span>
    </span>
  );
}

import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CacheInfo } from '../../../../preload/contract';
import { dateTime } from '../../lib/time';
import { formatBytes } from './format';

/** The signed-in profile's cache, as 设置 and 关于 both show it. */
export function CacheFigures({ info, detailed }: { info: CacheInfo; detailed: boolean }) {
  const { t } = useTranslation();
  const figure = (id: string, value: string | number) => <span data-testid={id}>{value}</span>;
  const items = [
    ...(detailed
      ? [
          {
            key: 'location',
            label: t('settings.cacheLocation'),
            children: (
              <Typography.Text copyable data-testid="cache-location" className="settings-path">
                {info.location}
              </Typography.Text>
            ),
          },
          { key: 'database', label: t('settings.cacheDatabase'), children: figure('cache-database', formatBytes(info.databaseBytes)) },
          { key: 'layouts', label: t('settings.cacheLayouts'), children: figure('cache-layouts', formatBytes(info.layoutsBytes)) },
          { key: 'other', label: t('settings.cacheOther'), children: figure('cache-other', formatBytes(info.otherBytes)) },
        ]
      : []),
    { key: 'total', label: t('settings.cacheTotal'), children: figure('cache-total', formatBytes(info.totalBytes)) },
    {
      key: 'certificates',
      label: t('settings.cacheCertificates'),
      children: figure('cache-certificates', t('settings.cacheCertificateCount', { count: info.certificates })),
    },
    {
      key: 'lastSync',
      label: t('settings.cacheLastSync'),
      children: figure('cache-last-sync', info.lastSyncAt ? dateTime(info.lastSyncAt) : t('settings.cacheNeverSynced')),
    },
    { key: 'unsent', label: t('settings.cacheUnsent'), children: figure('cache-unsent', t('settings.cacheUnsentCount', { count: info.unsentActions })) },
    ...(info.unfinishedPrints > 0
      ? [{ key: 'prints', label: t('settings.cacheUnfinishedPrints'), children: figure('cache-unfinished-prints', info.unfinishedPrints) }]
      : []),
  ];
  return <Descriptions size="small" column={1} bordered items={items} data-testid="cache-figures" data-certificates={info.certificates} />;
}

import { Descriptions, Modal, Spin } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { useRemoteValue } from '../../lib/useRemote';
import { CacheFigures } from './CacheFigures';

/** 关于: the version, the server and the signed-in profile's cache. Mounted only while open. */
export function AboutDialog({ session, onClose }: { session: SessionInfo | null; onClose: () => void }) {
  const { t } = useTranslation();
  const load = useCallback(() => call('app:about'), []);
  const { value: about } = useRemoteValue(load);

  return (
    <Modal
      open
      title={t('about.title')}
      onCancel={onClose}
      footer={null}
      width={560}
    >
      {about ? (
        <div data-testid="about-content">
          <p className="about-product">{t('app.title')}</p>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'version', label: t('about.version'), children: <span data-testid="about-version">{about.version}</span> },
              { key: 'server', label: t('about.server'), children: <span data-testid="about-server">{about.serverUrl}</span> },
              {
                key: 'enterprise',
                label: t('about.enterprise'),
                children: session ? `${session.enterpriseName} (${session.enterpriseCode})` : t('about.notSignedIn'),
              },
            ]}
          />
          {about.cache && <CacheFigures info={about.cache} detailed={false} />}
        </div>
      ) : (
        <Spin />
      )}
    </Modal>
  );
}

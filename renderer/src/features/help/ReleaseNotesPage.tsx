import { Alert, Card, Progress, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UpdateState } from '../../../../preload/contract';
import { currentLocale } from '../../i18n';
import { missingCase } from '../../lib/missingCase';
import { useFollowedValue } from '../../lib/useFollowedState';
import { RELEASE_NOTES } from './releaseNotes';

/** 版本说明 (manual chapter 8): this version's notes, built in, and the next one's once the updater found it. */
export function ReleaseNotesPage() {
  const { t } = useTranslation();
  const update = useFollowedValue('update:state');
  const locale = currentLocale();
  const current = RELEASE_NOTES[0];

  return (
    <Card className="help-page" title={t('releaseNotes.title')} data-testid="release-notes" data-update-state={update?.state ?? ''}>
      <Typography.Paragraph type="secondary">{t('releaseNotes.intro')}</Typography.Paragraph>
      {update && <UpdateBanner state={update} />}
      <Typography.Paragraph strong data-testid="release-notes-current">
        {t('releaseNotes.current', { version: current?.version ?? '' })}
      </Typography.Paragraph>
      <Timeline
        items={RELEASE_NOTES.map((note) => ({
          key: note.version,
          children: (
            <div data-testid="release-note" data-version={note.version}>
              <Typography.Text strong>{note.version}</Typography.Text>{' '}
              <Typography.Text type="secondary">{t('releaseNotes.released', { date: note.date })}</Typography.Text>
              <ul className="help-list">
                {note.changes[locale].map((change, index) => (
                  <li key={index}>{change}</li>
                ))}
              </ul>
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function UpdateBanner({ state }: { state: UpdateState }) {
  const { t } = useTranslation();
  switch (state.state) {
    case 'idle':
      return null;
    case 'checking':
      return <Alert className="help-alert" type="info" showIcon title={t('releaseNotes.checking')} data-testid="update-banner" />;
    case 'error':
      return <Alert className="help-alert" type="warning" showIcon title={t('releaseNotes.error', { message: state.message })} data-testid="update-banner" />;
    case 'available':
    case 'downloading':
    case 'downloaded': {
      const headline =
        state.state === 'available'
          ? t('releaseNotes.available', { version: state.version })
          : state.state === 'downloading'
            ? t('releaseNotes.downloading', { version: state.version, percent: Math.floor(state.percent) })
            : t('releaseNotes.downloaded', { version: state.version });
      return (
        <Card size="small" className="update-card" data-testid="update-banner" data-version={state.version}>
          <Typography.Paragraph strong>{headline}</Typography.Paragraph>
          {state.state === 'downloading' && <Progress percent={Math.floor(state.percent)} size="small" />}
          <Typography.Title level={5}>{t('releaseNotes.newVersionNotes', { version: state.version })}</Typography.Title>
          {/* Plain text from the update feed, never parsed as HTML. */}
          <div className="faq-answer" data-testid="update-notes">
            {state.notes || t('releaseNotes.noNotes')}
          </div>
        </Card>
      );
    }
    default:
      return missingCase(state);
  }
}

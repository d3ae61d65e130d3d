import { Card, Collapse, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FaqView } from '../../../../preload/contract';
import { call } from '../../lib/api';
import { dateTime } from '../../lib/time';
import { useRemoteValue } from '../../lib/useRemote';
import { FaqDownloadButton } from './FaqDownloadButton';

const loadFaq = () => call('help:faq');

/** 常见问题及解答 (manual chapter 7): the cached edition, or the built-in one; plain text only. */
export function FaqPage() {
  const { t } = useTranslation();
  const faq = useRemoteValue(loadFaq);
  const view = faq.value;

  return (
    <Card
      className="help-page"
      title={t('faq.title')}
      extra={<FaqDownloadButton onDownloaded={(refresh) => faq.setValue(refresh.view)} />}
      data-testid="faq-page"
      data-faq-version={view?.document.version ?? ''}
      data-faq-source={view?.source ?? ''}
    >
      {view ? <FaqContent view={view} /> : <Skeleton active />}
    </Card>
  );
}

function FaqContent({ view }: { view: FaqView }) {
  const { t } = useTranslation();
  const { document } = view;
  return (
    <>
      <Typography.Paragraph type="secondary" data-testid="faq-edition">
        {t('faq.edition', { version: document.version, date: dateTime(document.publishedAt) })}
        {' · '}
        {view.downloadedAt ? t('faq.downloadedAt', { time: dateTime(view.downloadedAt) }) : t('faq.builtIn')}
      </Typography.Paragraph>
      {document.sections.map((section, sectionIndex) => (
        <section key={sectionIndex} className="faq-section" data-testid="faq-section">
          <Typography.Title level={5}>{section.title}</Typography.Title>
          <Collapse
            items={section.items.map((item, itemIndex) => ({
              key: itemIndex,
              label: <span data-testid="faq-question">{item.question}</span>,
              // Text nodes only: the server's words are never parsed as HTML.
              children: <div className="faq-answer">{item.answer}</div>,
            }))}
          />
        </section>
      ))}
    </>
  );
}

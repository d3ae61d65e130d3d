import { useState } from 'react';
import { App, Button, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call, alreadyShown } from '../../lib/api';
import { usePrintJobs } from './PrintJobsProvider';

/**
 * 批量打印: how far the latest batch is, and 取消 for its jobs that have not started. A job
 * already sent to the server or the spooler goes on: its original may already count.
 */
export function BatchProgress() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { state, batch, addJobs } = usePrintJobs();
  const [cancelling, setCancelling] = useState(false);
  if (batch.length === 0) return null;

  const jobs = batch.flatMap((printId) => state.jobs.get(printId) ?? []);
  const done = jobs.filter((job) => ['awaiting-confirmation', 'confirmed', 'failed'].includes(job.status.state)).length;
  const notPrinted = jobs.filter((job) => job.status.state === 'failed').length;
  const queued = jobs.filter((job) => job.status.state === 'queued').map((job) => job.printId);

  async function cancel(): Promise<void> {
    setCancelling(true);
    try {
      const views = await call('print:cancel', { printIds: queued });
      addJobs(views);
      const count = views.filter((view) => view.status.state === 'failed' && view.status.error.code === 'CANCELLED' && queued.includes(view.printId)).length;
      void message.success(t('batch.cancelled', { count }));
    } catch (error) {
      alreadyShown(error);
    } finally {
      setCancelling(false);
    }
  }

  return (
    <div className="batch-progress" data-testid="batch-progress" data-done={done} data-not-printed={notPrinted} data-total={batch.length} data-queued={queued.length}>
      <Typography.Text>
        {t('batch.progress', { done, total: batch.length })}
        {notPrinted > 0 && t('batch.notPrinted', { count: notPrinted })}
      </Typography.Text>
      <Progress percent={Math.round((done / batch.length) * 100)} size="small" />
      {queued.length > 0 && (
        <div className="batch-progress-actions">
          <Typography.Text type="secondary">{t('batch.queued', { count: queued.length })}</Typography.Text>
          {/* No confirmation step: nothing printed is undone, and a cancelled job can be printed again. */}
          <Button danger size="small" loading={cancelling} onClick={() => void cancel()} data-testid="batch-cancel">
            {t('batch.cancel')}
          </Button>
        </div>
      )}
    </div>
  );
}

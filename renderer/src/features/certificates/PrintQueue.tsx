import { Drawer, Empty, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PrintJobView } from '../../../../preload/contract';
import { errorText } from '../../lib/errors';
import { missingCase } from '../../lib/missingCase';
import { OnBehalfOf } from './OnBehalfOf';
import { BatchProgress } from './BatchProgress';
import { PrintJobTag } from './PrintJobTag';
import { usePrintJobs } from './PrintJobsProvider';
import { jobsNewestFirst } from './printJobsReducer';

function JobDetail({ job }: { job: PrintJobView }) {
  const { t } = useTranslation();
  const status = job.status;
  switch (status.state) {
    case 'queued':
    case 'reserving':
    case 'spooling':
    case 'printing':
      return null;
    case 'awaiting-confirmation':
      return <Typography.Text type="secondary">{t(`print.spoolerOutcome.${status.spoolerOutcome}`)}</Typography.Text>;
    case 'confirmed':
      return <Typography.Text type="secondary">{status.answer === 'yes' ? t('print.queue.answerYes') : t('print.queue.answerNo')}</Typography.Text>;
    case 'failed':
      return (
        // A job cancelled before it started is no failure to look into.
        <Typography.Text type={status.error.code === 'CANCELLED' ? 'secondary' : 'danger'} data-testid="print-job-error">
          {errorText(status.error)}
        </Typography.Text>
      );
    default:
      return missingCase(status);
  }
}

export function PrintQueue() {
  const { t } = useTranslation();
  const { state, queueOpen, setQueueOpen } = usePrintJobs();
  const jobs = jobsNewestFirst(state);

  return (
    <Drawer title={t('print.queue.title')} open={queueOpen} onClose={() => setQueueOpen(false)} size={480}>
      <BatchProgress />
      {jobs.length === 0 ? (
        <Empty description={t('print.queue.empty')} />
      ) : (
        <ul className="print-queue" data-testid="print-queue">
          {jobs.map((job) => (
            <li
              key={job.printId}
              className="print-queue-item"
              data-testid="print-job"
              data-print-id={job.printId}
              data-certificate-number={job.certificateNumber}
              data-state={job.status.state}
            >
              <div className="print-queue-line">
                <Typography.Text strong>{job.certificateNumber}</Typography.Text>
                <span className="print-queue-kind">{t(`print.kindShort.${job.kind}`)}</span>
                <OnBehalfOf name={job.onBehalfOf} />
                <span className="print-queue-spacer" />
                <PrintJobTag status={job.status} />
              </div>
              <div className="print-queue-line print-queue-meta">
                <span>
                  {t('print.queue.printer')}: {job.printer}
                </span>
                <span>{dayjs(job.createdAt).format('YYYY-MM-DD HH:mm:ss')}</span>
              </div>
              <JobDetail job={job} />
            </li>
          ))}
        </ul>
      )}
    </Drawer>
  );
}

import { useState } from 'react';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { alreadyShown, call } from '../../lib/api';
import { useNavigation } from '../../layout/navigation';
import { OnBehalfOf } from './OnBehalfOf';
import { usePrintJobs } from './PrintJobsProvider';
import { awaitingConfirmation } from './printJobsReducer';

/**
 * The manual's question after every print, asked once per job, one job at a time. It cannot
 * be dismissed: 是 archives the certificate (without it the importing customs cannot find
 * it) and 否 reports the failed print, so leaving it unanswered is never right.
 */
export function ConfirmPrint() {
  const { t } = useTranslation();
  const { navigate } = useNavigation();
  const { state, addJobs, setQueueOpen } = usePrintJobs();
  const [answering, setAnswering] = useState<'yes' | 'no' | null>(null);
  const pending = awaitingConfirmation(state);
  const job = pending[0];

  async function answer(value: 'yes' | 'no'): Promise<void> {
    if (!job) return;
    setAnswering(value);
    try {
      const updated = await call('print:confirm', { printId: job.printId, answer: value });
      addJobs([updated]);
      // The manual: 否 jumps to 打印异常申请 (the server has been told by the answer itself);
      // the queue drawer would lie over its form.
      if (value === 'no') {
        setQueueOpen(false);
        navigate('print-exceptions', { certificateId: job.certificateId, certificateNumber: job.certificateNumber });
      }
    } catch (error) {
      // The question stays open so the answer can be given again.
      alreadyShown(error);
    } finally {
      setAnswering(null);
    }
  }

  return (
    <Modal
      open={job !== undefined}
      title={t('print.confirm.title')}
      closable={false}
      keyboard={false}
      mask={{ closable: false }}
      centered
      footer={[
        <Button key="no" danger loading={answering === 'no'} disabled={answering === 'yes'} onClick={() => void answer('no')} data-testid="print-confirm-no">
          {t('print.confirm.no')}
        </Button>,
        <Button
          key="yes"
          type="primary"
          loading={answering === 'yes'}
          disabled={answering === 'no'}
          onClick={() => void answer('yes')}
          data-testid="print-confirm-yes"
        >
          {t('print.confirm.yes')}
        </Button>,
      ]}
    >
      {job && (
        <div data-testid="print-confirm" data-print-id={job.printId} data-certificate-number={job.certificateNumber} data-remaining={pending.length}>
          <OnBehalfOf name={job.onBehalfOf} />
          <p className="confirm-print-text">{t('print.confirm.content', { number: job.certificateNumber })}</p>
        </div>
      )}
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, CertificateDiagnosis, CertificateProblem, CertificateRow } from '../../../../preload/contract';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { dateTime } from '../../lib/time';

type DiagnosisState = { state: 'loading' } | { state: 'ready'; diagnosis: CertificateDiagnosis } | { state: 'failed'; error: AppError };

/**
 * 'certificates:diagnose' for one certificate; the answer is shown in the dialog, not as a
 * toast. An answer is kept with the id it is about, so another certificate's earlier answer
 * is never shown, not even for one frame.
 */
function useDiagnosis(certificateId: string | null): DiagnosisState {
  const [answer, setAnswer] = useState<{ certificateId: string; state: DiagnosisState } | null>(null);
  useEffect(() => {
    if (certificateId === null) {
      setAnswer(null);
      return;
    }
    let alive = true;
    void invoke('certificates:diagnose', { certificateId }).then((result) => {
      if (!alive) return;
      setAnswer({ certificateId, state: result.ok ? { state: 'ready', diagnosis: result.value } : { state: 'failed', error: result.error } });
    });
    return () => {
      alive = false;
    };
  }, [certificateId]);
  return answer !== null && answer.certificateId === certificateId ? answer.state : { state: 'loading' };
}

/** One reason, and what to do about it: the manual's words where it has them. */
function Problem({ problem, diagnosis }: { problem: CertificateProblem; diagnosis: CertificateDiagnosis }) {
  const { t } = useTranslation();
  const since = diagnosis.selfPrintSince ? dateTime(diagnosis.selfPrintSince) : t('common.unknown');
  return (
    <li className="diagnosis-problem" data-testid="diagnosis-problem" data-problem={problem}>
      <Typography.Text strong>{t(`diagnosis.problems.${problem}.title`)}</Typography.Text>
      <div className="diagnosis-problem-detail">{t(`diagnosis.problems.${problem}.detail`, { approvedAt: dateTime(diagnosis.approvedAt), since })}</div>
      <div className="diagnosis-problem-solution">
        <Typography.Text strong>{t('diagnosis.whatToDo')}</Typography.Text>
        {t(`diagnosis.problems.${problem}.solution`)}
      </div>
    </li>
  );
}

function DiagnosisBody({ diagnosis }: { diagnosis: CertificateDiagnosis }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        bordered
        className="diagnosis-facts"
        items={[
          { key: 'number', label: t('diagnosis.number'), children: diagnosis.number },
          { key: 'applicant', label: t('diagnosis.applicant'), children: diagnosis.applicant },
          { key: 'approvedAt', label: t('diagnosis.approvedAt'), children: dateTime(diagnosis.approvedAt) },
          {
            key: 'selfPrintSince',
            label: t('diagnosis.selfPrintSince'),
            children: diagnosis.selfPrintSince ? dateTime(diagnosis.selfPrintSince) : t('diagnosis.notAuthorized'),
          },
        ]}
      />
      {diagnosis.problems.length === 0 ? (
        <Alert type="success" showIcon title={t('diagnosis.noProblems')} />
      ) : (
        <>
          <Typography.Paragraph strong>{t('diagnosis.problemsTitle')}</Typography.Paragraph>
          <ol className="diagnosis-problems">
            {diagnosis.problems.map((problem) => (
              <Problem key={problem} problem={problem} diagnosis={diagnosis} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

/** 查看解决办法 for one certificate of the list: why it cannot be printed now, and what to do. */
export function DiagnosisModal({ certificate, onClose }: { certificate: CertificateRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const state = useDiagnosis(certificate?.certificateId ?? null);

  return (
    <Modal
      open={certificate !== null}
      title={t('diagnosis.title')}
      onCancel={onClose}
      footer={
        <Button onClick={onClose} data-testid="diagnosis-close">
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
      width={640}
    >
      {certificate && (
        <div className="diagnosis" data-testid="diagnosis" data-certificate-number={certificate.number} data-state={state.state}>
          {state.state === 'loading' && (
            <div className="diagnosis-loading">
              <Spin size="small" /> {t('diagnosis.loading')}
            </div>
          )}
          {state.state === 'failed' && <Alert type="error" showIcon title={t('diagnosis.failed')} description={errorText(state.error)} />}
          {state.state === 'ready' && <DiagnosisBody diagnosis={state.diagnosis} />}
        </div>
      )}
    </Modal>
  );
}

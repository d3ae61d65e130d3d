import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, EnterpriseView, ProxyGrantView } from '../../../../preload/contract';
// The one rule main applies to the same code ('proxy:lookup', 'proxy:grant'), so what is
// refused while typing and what main refuses cannot differ. Renderer code otherwise imports
// only preload/contract; this file is pure and dependency-free, so bundling it is safe.
import { checkEnterpriseCode } from '../../../../main/core/enterprise-codes';
import { invoke } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { testId } from '../../lib/testId';

interface Found {
  /** The code as looked up, normalised: what 确认授权 sends. */
  code: string;
  enterprise: EnterpriseView;
}

interface Props {
  open: boolean;
  onClose: () => void;
  onGranted: (grant: ProxyGrantView) => void;
}

/**
 * 新增代理授权: type the agent's code (checked as it is typed), 查询 shows the enterprise,
 * 确认授权 grants it. Main's refusals (not found, already granted, …) stay in the dialog.
 */
export function NewProxyGrantModal({ open, onClose, onGranted }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<'lookup' | 'grant' | null>(null);
  const check = code.trim() === '' ? null : checkEnterpriseCode(code);
  const codeError = check && !check.ok ? check.reason : null;

  function change(value: string): void {
    setCode(value);
    // A found enterprise belongs to the code that found it.
    setFound(null);
    setError(null);
  }

  async function lookup(): Promise<void> {
    if (!check?.ok || busy) return;
    setBusy('lookup');
    setError(null);
    const result = await invoke('proxy:lookup', { code: check.code });
    setBusy(null);
    if (result.ok) setFound({ code: check.code, enterprise: result.value });
    else setError(result.error);
  }

  async function grant(): Promise<void> {
    if (!found || busy) return;
    setBusy('grant');
    setError(null);
    const result = await invoke('proxy:grant', { agentCode: found.code });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void message.success(t('proxy.form.granted', { name: result.value.agent.name }));
    onGranted(result.value);
  }

  return (
    <Modal
      open={open}
      title={t('proxy.form.title')}
      okText={t('proxy.form.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !found, ...testId('proxy-confirm') }}
      cancelButtonProps={testId('proxy-cancel')}
      confirmLoading={busy === 'grant'}
      onOk={() => void grant()}
      onCancel={onClose}
      afterClose={() => change('')}
      destroyOnHidden
      width={520}
    >
      <Form layout="vertical" requiredMark={false} onFinish={() => void lookup()}>
        <Form.Item
          label={t('proxy.form.code')}
          validateStatus={codeError ? 'error' : undefined}
          help={codeError ? <span data-testid="proxy-code-error">{codeError}</span> : undefined}
        >
          <Space.Compact className="proxy-code-line">
            <Input
              value={code}
              onChange={(event) => change(event.target.value)}
              autoFocus
              allowClear
              maxLength={18}
              placeholder={t('proxy.form.codePlaceholder')}
              data-testid="proxy-code"
            />
            <Button type="primary" htmlType="submit" disabled={!check?.ok} loading={busy === 'lookup'} data-testid="proxy-lookup">
              {t('proxy.form.lookup')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(error)} className="proxy-error" data-testid="proxy-error" data-code={error.code} />}
      {found && (
        <Descriptions
          bordered
          size="small"
          column={1}
          title={t('proxy.form.found')}
          items={[
            { key: 'name', label: t('proxy.form.name'), children: found.enterprise.name },
            { key: 'uscc', label: t('proxy.form.uscc'), children: found.enterprise.code },
            { key: 'customs', label: t('proxy.form.customsCode'), children: found.enterprise.customsCode ?? t('common.unknown') },
          ]}
          data-testid="proxy-found"
          data-name={found.enterprise.name}
        />
      )}
    </Modal>
  );
}

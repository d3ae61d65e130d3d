import type { EnterpriseView } from '../../../../preload/contract';

/** 统一社会信用代码, and the 海关编码 under it when the enterprise has one. */
export function EnterpriseCode({ enterprise }: { enterprise: EnterpriseView }) {
  return (
    <span className="enterprise-code">
      <span>{enterprise.code}</span>
      {enterprise.customsCode && <span className="enterprise-code-customs">{enterprise.customsCode}</span>}
    </span>
  );
}

// 证书下载's own Chinese messages (MESSAGES holds one per error code; these refine
// LAYOUT_CORRUPT and NOT_FOUND for the electronic version).
export const DOWNLOAD_MESSAGES = {
  CORRUPT: '下载的电子版证书校验失败(校验值不符),已丢弃,原有文件未受影响,请重新下载。',
  DAMAGED: '本地保存的电子版证书文件已损坏或被修改(校验值不符),请重新下载。',
  MISSING: '该证书的电子版尚未下载,请先下载。',
  NOT_CACHED: '未找到该证书,请先同步证书后再试。',
  NOT_ELIGIBLE: '该证书不在电子版下载范围内(仅限目的国在公告范围内的 RCEP 证书及 RCEP 背对背证书)。',
} as const;

// The Chinese messages main sends with each error code, in the manual's words where
// the manual has them. The renderer shows them as they are.

import type { ErrorCode } from '../../preload/contract';

export const MESSAGES = {
  OFFLINE: '无法连接服务器,请检查网络后重试。',
  SERVER_ERROR: '服务器返回了无法识别的数据,操作未完成,请稍后重试。',
  SESSION_EXPIRED: '登录已过期,请重新登录。',
  BAD_CREDENTIALS: '用户名或密码错误。',
  NOT_SIGNED_IN: '请先登录。',
  NOT_FOUND: '未找到该证书,请先同步证书后再试。',
  ARCHIVED: '已归档的证书不可打印,不可进行异常申请;只有未归档证书才可打印。',
  ORIGINAL_ALREADY_PRINTED:
    '该证书正本已打印,不能重复打印。若没有正常打印出证书,可以通过打印异常申请再次打印证书正本。',
  LAYOUT_NOT_READY: '尚未收到海关端发来的正副本信息(版式状态不是"接收成功"),暂不能预览或打印。',
  LAYOUT_CORRUPT: '下载的证书版式文件校验失败,已丢弃,请重试。',
  PRINT_FAILED: '打印任务未能发送到打印机。',
  BUSY: '同一操作正在进行中,请稍候。',
  CANCELLED: '操作已取消。',
} as const satisfies Partial<Record<ErrorCode, string>>;

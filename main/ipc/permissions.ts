// Who may use which channel. Main checks this on every call, so a renderer that shows
// a hidden button (or a forged call) still gets FORBIDDEN. The map names every channel:
// a new channel does not compile until someone decides who may use it.

import { can, type AppError, type Channel, type Permission, type Role } from '../../preload/contract';

/** 'public': before sign-in too; 'signed-in': any role; else the permission the role needs. */
export type Access = 'public' | 'signed-in' | Permission;

export const CHANNEL_ACCESS: Readonly<Record<Channel, Access>> = {
  'session:login': 'public',
  'session:cardLogin': 'public',
  'card:read': 'public',
  'session:logout': 'public',
  'session:current': 'public',
  'settings:get': 'public',
  'sync:start': 'signed-in',
  'sync:cancel': 'signed-in',
  'sync:state': 'signed-in',
  'certificates:search': 'signed-in',
  'certificates:layout': 'signed-in',
  'certificates:saveCopy': 'signed-in',
  'certificates:diagnose': 'signed-in',
  'printers:list': 'signed-in',
  'printers:check': 'signed-in',
  'print:start': 'print',
  'print:jobs': 'signed-in',
  'print:confirm': 'print',
  'scans:check': 'manage-seals',
  'scans:image': 'manage-seals',
  'seals:holders': 'manage-seals',
  'seals:list': 'manage-seals',
  'seals:create': 'manage-seals',
  'seals:disable': 'manage-seals',
  'seals:delete': 'manage-seals',
  'signatures:declarants': 'manage-seals',
  'signatures:list': 'manage-seals',
  'signatures:create': 'manage-seals',
  'signatures:disable': 'manage-seals',
  'signatures:delete': 'manage-seals',
  'authorization:state': 'authorize',
  'authorization:setDefault': 'authorize',
  'authorization:submit': 'authorize',
  'proxy:grants': 'authorize',
  'proxy:lookup': 'authorize',
  'proxy:grant': 'authorize',
  'proxy:revoke': 'authorize',
  // An agent's operators look up their principals too.
  'proxy:principals': 'signed-in',
  // 导出证书: the same rows the list shows, to anyone who may search it.
  'export:start': 'signed-in',
  'export:cancel': 'signed-in',
  'export:state': 'signed-in',
  // 打印异常申请: every role that may print.
  'exceptions:options': 'print',
  'exceptions:list': 'print',
  'exceptions:submit': 'print',
  // 打印校准: whoever may print may calibrate the printer.
  'calibration:get': 'print',
  'calibration:set': 'print',
  'calibration:clear': 'print',
  'calibration:printPage': 'print',
  // 证书下载: whoever may print may download the electronic version.
  'downloads:scope': 'print',
  'downloads:search': 'print',
  'downloads:start': 'print',
  'downloads:cancel': 'print',
  'downloads:state': 'print',
  'downloads:open': 'print',
  'downloads:save': 'print',
  // 设置 and 关于: the server address and the language are set on the login page too, and
  // logs are exported for support when signing in is what fails.
  'settings:setServer': 'public',
  'settings:setPrinter': 'signed-in',
  'settings:setLanguage': 'public',
  'settings:cache': 'signed-in',
  'settings:clearCache': 'signed-in',
  'settings:exportLogs': 'public',
  'app:about': 'public',
  // desktop: the help pages are in the main frame, for every role.
  'help:faq': 'signed-in',
  'help:refreshFaq': 'signed-in',
  'update:state': 'signed-in',
  'print:cancel': 'print',
};

const REFUSALS: Readonly<Record<Permission, string>> = {
  print: '当前登录身份没有此操作的权限。',
  'manage-seals': '印章、签名的制作需要使用电子口岸法人卡登录。',
  authorize: '印章签名授权和代理打印授权需要使用电子口岸法人卡登录。',
};

/** Null when the role may use the channel. */
export function refuseForRole(channel: Channel, role: Role | null): AppError | null {
  const access = CHANNEL_ACCESS[channel];
  if (access === 'public') return null;
  if (role === null) return { code: 'NOT_SIGNED_IN', message: '请先登录。' };
  if (access === 'signed-in' || can(role, access)) return null;
  return { code: 'FORBIDDEN', message: REFUSALS[access] };
}

// Which channels need which permission. Main checks this on every call, so a
// renderer that shows a hidden button (or a forged call) still gets FORBIDDEN.

import { can, type AppError, type Channel, type Permission, type Role } from '../../preload/contract';

export const CHANNEL_PERMISSIONS: Partial<Record<Channel, Permission>> = {
  'print:start': 'print',
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
};

/** Null when the role may use the channel (or the channel needs no permission). */
export function refuseForRole(channel: Channel, role: Role | null): AppError | null {
  const needed = CHANNEL_PERMISSIONS[channel];
  if (!needed) return null;
  if (role === null) return { code: 'NOT_SIGNED_IN', message: '请先登录。' };
  if (can(role, needed)) return null;
  return needed === 'manage-seals'
    ? { code: 'FORBIDDEN', message: '印章、签名的制作和授权需要使用电子口岸法人卡登录。' }
    : { code: 'FORBIDDEN', message: '当前登录身份没有此操作的权限。' };
}

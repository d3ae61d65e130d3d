// 版本说明 of the versions shipped so far, newest first. It is bundled with the renderer,
// so its first entry is the version the user runs (test/unit/release-notes.test.ts
// holds it to package.json). The updater brings the next version's notes itself.

import type { Locale } from '../../i18n';

export interface ReleaseNote {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  changes: Readonly<Record<Locale, readonly string[]>>;
}

export const RELEASE_NOTES: readonly ReleaseNote[] = [
  {
    version: '0.1.0',
    date: '2026-12-03',
    changes: {
      'zh-CN': [
        '一个客户端代替“单一窗口”网页、打印控件和电子口岸客户端控件:证书打印无需安装打印控件。',
        '卡介质登录:通过中国电子口岸客户端控件由电子口岸卡签名登录,本客户端不保存卡密码。',
        '印章制作、签名制作:保存前在本机检查扫描图片(分辨率、尺寸、颜色、手机拍照和图片编辑),按实际尺寸预览。',
        '印章签名授权、代理打印授权与委托企业列表;不能自助打印的证书给出原因和解决办法。',
        '证书展示:本机缓存证书,联网或未联网均可即时查询;预览/下载副本,打印正副本、正本、副本,打印结果“是/否”确认在断网或重启后也不会丢失。',
        '常见问题及解答、版本说明:内置,未联网时也可阅读;联网时可下载最新的常见问题及解答。',
      ],
      'en-US': [
        'One client instead of the Single Window pages, the print control and the e-port client control: printing needs no print control.',
        'Card sign-in: the e-port card signs through the e-port client control; the client never keeps the card PIN.',
        'Seal and signature making: the scan is checked on this computer before saving (resolution, size, colour, phone photos, image editing) and shown at true size.',
        'Seal and signature authorization, proxy printing authorization and the principals list; certificates that cannot be self-printed say why and what to do.',
        'Certificates: cached on this computer and searchable at once, online or offline; preview, copies, originals; the yes/no print confirmation survives going offline and restarts.',
        'FAQ and release notes: built in and readable offline; the latest FAQ can be downloaded when online.',
      ],
    },
  },
];

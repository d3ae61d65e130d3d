// The FAQ that ships with the app: shown offline from the first start, until a refresh
// from the server brings a newer edition. Its words follow the manual and the official
// FAQ; it is a document (like the server's), not UI text, so it has no i18n keys.

import type { FaqDocument } from '../../../preload/contract';

export const BUILT_IN_FAQ: FaqDocument = {
  version: 1,
  publishedAt: '2026-11-01T09:00:00+08:00',
  sections: [
    {
      title: '印章及签名制作',
      items: [
        {
          question: '印章图片有什么要求?',
          answer:
            '请使用扫描仪扫描,分辨率不低于600dpi,不得使用手机拍照,不得使用图片编辑软件处理。\n\n将印章盖在纵向A4白纸的中央,整张纸彩色扫描;只有红色或蓝色的印章可以提取。\n\n尺寸限制:圆形印章直径不超过4.5厘米;长方形不超过5.5×4厘米;椭圆形不超过5.5×4.5厘米。扫描前请清洁扫描仪玻璃。',
        },
        {
          question: '申报员签名有什么要求?',
          answer: '请用黑色签字笔签名,黑白扫描,签名不超过3.5×3厘米。申报员须先以身份证登记;若找不到申报员,请先新增无卡操作员。',
        },
        {
          question: '为什么制作印章需要法人卡?',
          answer: '原产地证书自助打印系统中的印章签名制作及授权、代理打印授权需要使用中国电子口岸法人卡登录;证书打印及异常申请可以使用用户名和密码或电子口岸卡的方式登录。',
        },
      ],
    },
    {
      title: '授权及证书打印',
      items: [
        {
          question: '自助打印证书查不到怎么办?',
          answer:
            '在证书打印界面输入证书编号进行查询,并依据系统提示进行操作。常见原因:签发日期范围过窄;印章签名授权回执不是“接收成功”;证书在印章签名授权之前审批通过;证书类型或目的国尚未开放自助打印;证书已归档;版式尚未接收成功。',
        },
        {
          question: '授权之前审批通过的证书能否自助打印?',
          answer: '不能。自助打印仅适用于最后一次审批回执晚于授权回执的证书;授权之前审批通过的证书,请联系签证机构退回后重新审核通过,或采用现行的打印方式。',
        },
        {
          question: '打印后为什么要点击“是”?',
          answer: '打印完成后系统提示“请确认证书是否已打印成功”。点击“是”后证书归档,进口国海关才能查到该证书;若未打印成功请点击“否”,并提交打印异常申请。正本只能打印一次。',
        },
        {
          question: '对打印机有什么要求?',
          answer: '请使用支持双面自动打印的彩色打印机,纸张为A4。本客户端直接打印,无需安装打印控件;打印前会检查所选打印机是否支持A4、彩色和双面自动打印。',
        },
      ],
    },
  ],
};

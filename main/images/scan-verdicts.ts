// The check lines of the report, in Chinese: each says what was measured, the limit,
// the verdict and — when it failed — why and what the user should do instead.

import type { InkClass } from './ink';
import { INK } from './ink';
import type { InkColor, ScanCheck, ScanCheckId, ScanKind, SealShape } from './scan-report';
import { SCAN_RULES } from './scan-rules';
import type { DensityStatus } from './scan-source';

const NOUN: Record<ScanKind, string> = { seal: '印章', signature: '签名' };
const SHAPE_NAMES: Record<SealShape, string> = { round: '圆形', oval: '椭圆形', rectangular: '长方形' };
const COLOUR_NAMES: Record<InkClass, string> = { 0: '无', 1: '红色', 2: '蓝色', 3: '黑色', 4: '其他颜色' };

function line(id: ScanCheckId, label: string, figure: string, limit: string, failure: string | null): ScanCheck {
  return failure === null ? { id, label, figure, limit, verdict: 'pass' } : { id, label, figure, limit, verdict: 'fail', reason: failure };
}

const cm = (value: number) => `${value.toFixed(2)} cm`;
const mm = (value: number) => `${value.toFixed(2)} mm`;

export function resolutionCheck(status: DensityStatus, stated: number | null, dpi: number | null): ScanCheck {
  const limit = `≥ ${SCAN_RULES.minDpi} dpi`;
  if (status === 'ok' && dpi !== null) {
    const figure = `${Math.round(dpi)} dpi`;
    const low = dpi < SCAN_RULES.minDpi - 0.5;
    return line('resolution', '分辨率', figure, limit, low ? `分辨率为 ${figure},低于要求的 ${SCAN_RULES.minDpi} dpi。请用扫描仪以 ${SCAN_RULES.minDpi} dpi 或更高分辨率重新扫描。` : null);
  }
  const figure =
    status === 'missing' ? '文件未记录分辨率' : status === 'unknown' ? `${Math.round(stated ?? 0)} dpi(未设置时的默认值,实际分辨率未知)` : `${stated ?? '?'} dpi(不可信)`;
  return line(
    'resolution',
    '分辨率',
    figure,
    limit,
    `无法确定图片的实际分辨率(${figure}),不能换算实际尺寸,也不做猜测。请提供扫描仪以 ${SCAN_RULES.minDpi} dpi 直接生成的扫描文件,不要使用截图、手机照片或经转存的图片。`,
  );
}

export function cameraCheck(signs: string[]): ScanCheck {
  const figure = signs.length === 0 ? '未发现相机或手机拍摄信息' : signs.join(';');
  return line('camera', '拍摄来源', figure, '扫描仪扫描', signs.length === 0 ? null : `图片是手机或相机拍摄的照片(${figure}),不能使用。请将印章或签名置于白纸上,用扫描仪扫描。`);
}

export function lightingCheck(spread: number | null): ScanCheck {
  const limit = `≤ ${SCAN_RULES.maxLightingSpread} 级`;
  if (spread === null) return line('lighting', '光照均匀度', '纸面区域不足,不适用', limit, null);
  const figure = `纸面亮度相差 ${spread} 级`;
  return line(
    'lighting',
    '光照均匀度',
    figure,
    limit,
    spread > SCAN_RULES.maxLightingSpread ? `纸面光照不均匀(${figure},上限 ${SCAN_RULES.maxLightingSpread} 级),是拍照而不是扫描的特征。请用扫描仪扫描。` : null,
  );
}

export function perspectiveCheck(backgroundVisible: boolean, keystone: number | null): ScanCheck {
  const limit = `对边相差 ≤ ${SCAN_RULES.maxKeystone * 100}%`;
  if (!backgroundVisible) return line('perspective', '纸张形状', '纸张充满画面,无透视变形', limit, null);
  if (keystone === null) return line('perspective', '纸张形状', '纸张边缘不完整,不适用', limit, null);
  const figure = `纸张对边相差 ${(keystone * 100).toFixed(1)}%`;
  return line(
    'perspective',
    '纸张形状',
    figure,
    limit,
    keystone > SCAN_RULES.maxKeystone ? `纸张呈梯形(${figure}),是斜着拍摄的照片。请将纸张平放在扫描仪上扫描。` : null,
  );
}

export function softwareCheck(editor: string | null): ScanCheck {
  return line(
    'software',
    '编辑软件',
    editor ?? '未发现图像编辑软件记录',
    '未经图像编辑软件处理',
    editor === null ? null : `图片经过图像编辑软件处理(${editor}),不能使用。请提供扫描仪直接生成的原始文件。`,
  );
}

export function transparencyCheck(share: number): ScanCheck {
  const figure = share === 0 ? '无透明像素' : `透明像素 ${(share * 100).toFixed(1)}%`;
  return line(
    'transparency',
    '背景',
    figure,
    '不透明的纸张背景',
    share > SCAN_RULES.maxTransparentShare ? `图片背景已被抠除(${figure}),说明经过编辑。请提供扫描仪直接生成的原始扫描文件。` : null,
  );
}

export function foundCheck(kind: ScanKind, count: number): ScanCheck {
  const noun = NOUN[kind];
  const figure = count === 0 ? `未找到${noun}` : `找到 ${count} 个${noun}`;
  let failure: string | null = null;
  if (count === 0) {
    failure =
      kind === 'seal'
        ? '未找到印章。请确认印章盖在 A4 白纸中央、印迹清晰完整,并以彩色模式扫描整张纸。'
        : '未找到签名。请用黑色签字笔在白纸上签名后,扫描整张纸。';
  } else if (count > 1) {
    failure = `发现 ${count} 个${noun},一次只能提取一个。请每张纸只${kind === 'seal' ? '盖一个印章' : '签一个签名'}后重新扫描。`;
  }
  return line('found', `${noun}检测`, figure, `1 个${noun}`, failure);
}

export function colourCheck(kind: ScanKind, family: InkClass, share: number): ScanCheck {
  const allowed = kind === 'seal' ? family === INK.red || family === INK.blue : family === INK.dark;
  const figure = `${COLOUR_NAMES[family]}(占 ${Math.round(share * 100)}%)`;
  const failure = allowed
    ? null
    : kind === 'seal'
      ? `印章颜色为${COLOUR_NAMES[family]},只能提取红色或蓝色的印章。请使用红色或蓝色印油盖章后扫描。`
      : `签名颜色为${COLOUR_NAMES[family]},签名须用黑色笔书写。请用黑色签字笔重新签名后扫描。`;
  return line('color', '颜色', figure, kind === 'seal' ? '红色或蓝色' : '黑色', failure);
}

export function inkColorOf(family: InkClass): InkColor | null {
  return family === INK.red ? 'red' : family === INK.blue ? 'blue' : family === INK.dark ? 'black' : null;
}

export function edgeCheck(kind: ScanKind, distanceCm: number, touching: boolean): ScanCheck {
  const noun = NOUN[kind];
  return line(
    'edge',
    '完整性',
    touching ? '触及图片边缘' : `距图片边缘 ${distanceCm.toFixed(1)} cm`,
    '不触及图片边缘',
    touching ? `${noun}被图片边缘截断。请将${noun}置于纸张中央,扫描整张纸,不要裁剪。` : null,
  );
}

export interface SizeFacts {
  kind: ScanKind;
  shape: SealShape | null;
  widthCm: number | null;
  heightCm: number | null;
}

/** Seal limits are long × short side whatever the orientation; a signature's are width × height. */
export function sizeCheck(facts: SizeFacts): ScanCheck {
  const { kind, shape, widthCm, heightCm } = facts;
  const noun = NOUN[kind];
  let limit: string;
  let within: (width: number, height: number) => boolean;
  let describe: (width: number, height: number) => string;
  if (kind === 'signature') {
    const { width, height } = SCAN_RULES.signatureLimitCm;
    limit = `宽 ≤ ${width} cm,高 ≤ ${height} cm`;
    within = (w, h) => w <= width && h <= height;
    describe = (w, h) => `宽 ${cm(w)},高 ${cm(h)}`;
  } else {
    const limits = SCAN_RULES.sealLimitsCm[shape ?? 'rectangular'];
    if (shape === 'round') {
      limit = `直径 ≤ ${limits.long} cm`;
      within = (w, h) => Math.max(w, h) <= limits.long;
      describe = (w, h) => `直径 ${cm(Math.max(w, h))}`;
    } else {
      limit = `${limits.long} cm × ${limits.short} cm 以内`;
      within = (w, h) => Math.max(w, h) <= limits.long && Math.min(w, h) <= limits.short;
      describe = (w, h) => `${cm(w)} × ${cm(h)}`;
    }
  }
  if (widthCm === null || heightCm === null) {
    return line('size', '尺寸', '无法测量(分辨率未知)', limit, `分辨率未知,无法测量${noun}的实际尺寸。`);
  }
  const figure = describe(widthCm, heightCm);
  const shapeName = kind === 'seal' && shape ? SHAPE_NAMES[shape] : '';
  return line('size', '尺寸', figure, limit, within(widthCm, heightCm) ? null : `${shapeName}${noun}尺寸为 ${figure},超过上限(${limit})。请使用符合规定尺寸的${noun}。`);
}

/** The mark was found on the sheet but its crop holds too little ink of its colour to measure. */
export function unmeasurableCheck(kind: ScanKind): ScanCheck {
  const noun = NOUN[kind];
  return line('size', '尺寸', '无法测量(印迹不完整或过于零散)', '可测量的完整印迹', `${noun}印迹不完整或过于零散,无法测量尺寸。请重新${kind === 'seal' ? '盖章' : '签名'}后扫描。`);
}

export function shapeCheck(shape: SealShape, fill: number, aspect: number, tiltDeg: number): ScanCheck {
  // A circle has no orientation: its tilt would be noise.
  const tilt = shape === 'round' ? '' : `,倾斜 ${tiltDeg.toFixed(1)}°`;
  const figure = `${SHAPE_NAMES[shape]}(填充率 ${fill.toFixed(2)},长宽比 ${aspect.toFixed(2)}${tilt})`;
  return line('shape', '形状', figure, '圆形、椭圆形或长方形', null);
}

export function sharpnessCheck(kind: ScanKind, edgeWidthPx: number, pxPerMm: number | null): ScanCheck {
  const limitMm = SCAN_RULES.maxEdgeWidthMm;
  const known = pxPerMm !== null;
  const scale = pxPerMm ?? SCAN_RULES.analysisDpi / 25.4;
  const widthMm = edgeWidthPx / scale;
  const figure = !Number.isFinite(edgeWidthPx) ? '无法测量笔画边缘' : known ? `笔画边缘宽 ${mm(widthMm)}` : `笔画边缘宽 ${edgeWidthPx.toFixed(1)} 像素`;
  const limit = known ? `≤ ${mm(limitMm)}` : `≤ ${(limitMm * scale).toFixed(1)} 像素`;
  const blurred = !(widthMm <= limitMm);
  return line(
    'sharpness',
    '清晰度',
    figure,
    limit,
    blurred ? `${NOUN[kind]}图像模糊(${figure},上限 ${limit})。请清洁扫描仪玻璃、压平纸张,以 600 dpi 重新扫描。` : null,
  );
}

export function contrastCheck(kind: ScanKind, contrast: number): ScanCheck {
  const figure = `墨色深度 ${contrast}`;
  const limit = `≥ ${SCAN_RULES.minContrast}`;
  const advice = kind === 'seal' ? '请蘸足印油重新盖章后扫描。' : '请用黑色签字笔重新签名后扫描。';
  return line('contrast', '颜色深浅', figure, limit, contrast < SCAN_RULES.minContrast ? `${NOUN[kind]}颜色过浅(${figure},下限 ${SCAN_RULES.minContrast})。${advice}` : null);
}

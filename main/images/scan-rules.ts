// Every threshold of the scan check in one place, each with the reason it has the
// value it has. Physical quantities are in millimetres and converted with the file's
// own resolution, so the rules mean the same at 300, 600 or 1200 dpi.

import type { SealShape } from './scan-report';

export const SCAN_RULES = {
  /** The manual and the official FAQ: scanner only, at least 600 dpi. */
  minDpi: 600,
  /**
   * Densities that mean "nobody set this": 72 is what a JPEG without a density reports
   * (and every phone writes), 96 is the Windows screen default. We do not guess from them.
   */
  unknownDpis: [72, 96] as readonly number[],
  /** Outside this range a density is not a scanner setting but a broken header. */
  plausibleDpi: { min: 100, max: 4800 },
  /** The cleaned PNG is always this resolution, so the app shows and prints it at true size. */
  cleanedDpi: 600,
  /** Fine measurement happens on a crop resampled to this resolution (0.042 mm per pixel). */
  analysisDpi: 600,
  /** The whole-sheet pass runs on a copy at about this resolution (0.17 mm per pixel): a 600 dpi A4 becomes 2 Mpx. */
  workingDpi: 150,

  /** Size limits from the manual (cm): seals by shape, long × short side; signatures width × height. */
  sealLimitsCm: {
    round: { long: 4.5, short: 4.5 },
    oval: { long: 5.5, short: 4.5 },
    rectangular: { long: 5.5, short: 4.0 },
  } satisfies Record<SealShape, { long: number; short: number }>,
  signatureLimitCm: { width: 3.5, height: 3.0 },

  /**
   * Ink: a pixel is ink when it absorbs at least this much (0–255) in its strongest
   * channel relative to the local paper. Sensor noise on the working copy is about
   * σ = 1–2 levels and JPEG ringing about 10, so 28 is far above both, yet well under
   * a pale stamp (≈ 50), which must be FOUND and then refused as faint, not missed.
   */
  inkThreshold: 28,
  /** At full resolution noise is 3–4× larger than on the averaged working copy. */
  fineInkThreshold: 32,
  /**
   * Contrast: the ink's typical absorption (90th percentile, strongest channel). A normal
   * red or blue stamp absorbs 150–220 levels; below 70 it prints as a pale pink or
   * grey-blue shadow that a customs officer cannot read.
   */
  minContrast: 70,
  /**
   * Sharpness: the width of an ink edge (ink contrast ÷ steepest gradient). A flatbed at
   * 600 dpi gives 0.08–0.15 mm; at 0.30 mm the blur equals a seal's thinnest strokes, so
   * small characters run together.
   */
  maxEdgeWidthMm: 0.3,

  /** Specks and dust: ink blobs whose longer side is below this are ignored (seal strokes are longer). */
  speckMaxMm: 1.0,
  /** A mark is at least this long: smaller coloured blobs are fibres or dust, not a seal. */
  markMinMm: 6,
  /** Anything longer than this is not a seal or signature (a shadow, a page edge, the desk). */
  markMaxMm: 120,
  /** A mark's box is never this many times longer than wide; a shadow along the page edge or a fold line is. */
  maxMarkElongation: 10,
  /** Blobs closer than this belong to one mark: a seal's ring encloses its text; a signature's characters are a few mm apart. */
  clusterGapMm: { seal: 2.5, signature: 8 },
  /** A mark whose ink comes this close to the image border is cut by it. */
  edgeMarginMm: 0.25,

  /** Ellipse or rectangle: a rectangle fills ~100 % of its bounding box, an ellipse π/4 = 78.5 %. The midpoint decides. */
  rectangleFill: 0.89,
  /** Round or oval: a scanned circle measures within 1–2 % of round; real ovals are 15 % or more longer than wide. */
  roundAspect: 1.06,

  /**
   * Lighting: the paper's brightness across the sheet (5th to 95th percentile over 1 cm
   * blocks). A flatbed lights the page evenly (a few levels); a phone photo under a lamp
   * varies by 40–100 levels.
   */
  maxLightingSpread: 30,
  /** Perspective: a photographed sheet is a trapezoid. Opposite sides of the paper differing by more than this is not a flatbed. */
  maxKeystone: 0.03,
  /** A transparent background: more than this share of see-through pixels means the background was cut out in an editor. */
  maxTransparentShare: 0.005,
} as const;

export const MM_PER_INCH = 25.4;

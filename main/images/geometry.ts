// The outline geometry of a mark: its convex hull and the smallest rectangle around
// it at any angle. That rectangle lies along an ellipse's or a rectangle's own axes,
// so a seal stamped or scanned a few degrees askew measures its true length and
// width. Second moments would find the same axes for ovals, but a square seal's
// moments are equal in every direction, so they cannot orient it; the smallest
// rectangle can.

export type Point = [number, number];

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
export function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length < 3) return sorted;
  const lower: Point[] = [];
  for (const point of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, point) <= 0) lower.pop();
    lower.push(point);
  }
  const upper: Point[] = [];
  for (let index = sorted.length - 1; index >= 0; index -= 1) {
    const point = sorted[index]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, point) <= 0) upper.pop();
    upper.push(point);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let index = 0; index < points.length; index += 1) {
    const a = points[index]!;
    const b = points[(index + 1) % points.length]!;
    twice += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(twice) / 2;
}

export interface OrientedBox {
  /** Radians; the direction of the `length` side. */
  angle: number;
  /** Extent along `angle` and across it, in pixels (centre to centre of the extreme pixels). */
  length: number;
  breadth: number;
}

/** The minimum-area enclosing rectangle: one of its sides lies on a hull edge. */
export function minAreaBox(hull: readonly Point[]): OrientedBox {
  if (hull.length === 0) return { angle: 0, length: 0, breadth: 0 };
  let best: OrientedBox & { area: number } = { angle: 0, length: 0, breadth: 0, area: Infinity };
  const directions = hull.length < 2 ? [0] : hull.map((point, index) => {
    const next = hull[(index + 1) % hull.length]!;
    return Math.atan2(next[1] - point[1], next[0] - point[0]);
  });
  for (const angle of directions) {
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    let uMin = Infinity;
    let uMax = -Infinity;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (const [x, y] of hull) {
      const u = x * cos + y * sin;
      const v = -x * sin + y * cos;
      uMin = Math.min(uMin, u);
      uMax = Math.max(uMax, u);
      vMin = Math.min(vMin, v);
      vMax = Math.max(vMax, v);
    }
    const area = (uMax - uMin) * (vMax - vMin);
    if (area < best.area) best = { angle, length: uMax - uMin, breadth: vMax - vMin, area };
  }
  return { angle: best.angle, length: best.length, breadth: best.breadth };
}

/**
 * Width and height of an oriented box in the frame nearest the image axes: the side
 * whose direction is within 45° of horizontal is the width. The angle returned is
 * that side's tilt in degrees, in (-45, 45].
 */
export function axisAlignedSides(box: OrientedBox): { width: number; height: number; tiltDeg: number } {
  let degrees = (box.angle * 180) / Math.PI;
  degrees = ((degrees % 180) + 180) % 180; // [0, 180)
  if (degrees > 90) degrees -= 180; // (-90, 90]
  if (Math.abs(degrees) <= 45) return { width: box.length, height: box.breadth, tiltDeg: degrees };
  return { width: box.breadth, height: box.length, tiltDeg: degrees > 0 ? degrees - 90 : degrees + 90 };
}

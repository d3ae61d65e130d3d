// The one place every benchmark reports to: each figure is recorded with its target (if
// the issue gives one), the table and bench-results.json are both made from the same list,
// so what is printed and what CI reads can never disagree.

import { writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface FigureInput {
  name: string;
  value: number;
  unit: string;
  /** The figure must not exceed this (times, memory, stalls). */
  max?: number | null;
  /** The figure must reach at least this (rates, shares). */
  min?: number | null;
  /** A ratio that puts the figure in context (e.g. share of the raw ceiling), when one applies. */
  ratio?: number | undefined;
}

export interface Figure {
  benchmark: string;
  name: string;
  value: number;
  unit: string;
  target: number | null;
  /** Which side of the target is good: 'max' = at most, 'min' = at least. */
  bound: 'max' | 'min' | null;
  met: boolean | null;
  ratio?: number;
}

/** bench-results.json is an array of these. */
export const FigureSchema = z.object({
  benchmark: z.string().min(1),
  name: z.string().min(1),
  value: z.number().finite(),
  unit: z.string().min(1),
  target: z.number().finite().nullable(),
  bound: z.enum(['max', 'min']).nullable(),
  met: z.boolean().nullable(),
  ratio: z.number().finite().optional(),
});

export class BenchHarness {
  readonly figures: Figure[] = [];
  private current = '';

  /** Figures recorded from now on belong to this benchmark (its file name). */
  begin(benchmark: string): void {
    this.current = benchmark;
  }

  record(input: FigureInput): Figure {
    if (!this.current) throw new Error(`figure "${input.name}" recorded outside a benchmark`);
    // A NaN or Infinity would become null in JSON and hide a broken measurement.
    if (!Number.isFinite(input.value)) throw new Error(`figure "${input.name}" is not a finite number: ${input.value}`);
    if (input.ratio !== undefined && !Number.isFinite(input.ratio)) throw new Error(`ratio of "${input.name}" is not a finite number: ${input.ratio}`);
    if (input.max != null && input.min != null) throw new Error(`figure "${input.name}" has both a maximum and a minimum`);
    if (this.figures.some((figure) => figure.name === input.name)) throw new Error(`figure "${input.name}" recorded twice`);
    const bound = input.max != null ? 'max' : input.min != null ? 'min' : null;
    const target = input.max ?? input.min ?? null;
    const met = target === null ? null : bound === 'max' ? input.value <= target : input.value >= target;
    const figure: Figure = { benchmark: this.current, name: input.name, value: input.value, unit: input.unit, target, bound, met };
    if (input.ratio !== undefined) figure.ratio = input.ratio;
    this.figures.push(figure);
    return figure;
  }

  /** Figures a benchmark recorded in its own process, re-checked as if recorded here. */
  adopt(figures: unknown): void {
    for (const figure of z.array(FigureSchema).parse(figures)) {
      const bound = figure.bound === 'max' ? { max: figure.target } : figure.bound === 'min' ? { min: figure.target } : {};
      this.record({ name: figure.name, value: figure.value, unit: figure.unit, ratio: figure.ratio, ...bound });
    }
  }

  table(): string {
    const rows: string[][] = [['figure', 'value', 'unit', 'target', 'met', 'ratio']];
    for (const [index, figure] of this.figures.entries()) {
      if (figure.benchmark !== this.figures[index - 1]?.benchmark) rows.push([`[${figure.benchmark}]`, '', '', '', '', '']);
      rows.push([
        figure.name,
        formatNumber(figure.value),
        figure.unit,
        figure.target === null ? '—' : `${figure.bound === 'max' ? '≤' : '≥'} ${formatNumber(figure.target)}`,
        figure.met === null ? '—' : figure.met ? 'yes' : 'NO',
        figure.ratio === undefined ? '' : `${formatNumber(figure.ratio)}×`,
      ]);
    }
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => displayWidth(row[column]!))));
    const line = (row: string[]) => row.map((cell, column) => pad(cell, widths[column]!, column > 0 && column !== 2 && column !== 4)).join('  ').trimEnd();
    const [header, ...body] = rows;
    const rule = widths.map((width) => '-'.repeat(width)).join('  ');
    const missed = this.figures.filter((figure) => figure.met === false).length;
    const withTarget = this.figures.filter((figure) => figure.met !== null).length;
    return [line(header!), rule, ...body.map(line), rule, `${withTarget - missed} of ${withTarget} targets met, ${missed} missed`].join('\n');
  }

  write(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.figures, null, 2)}\n`);
  }
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

// Chinese characters take two columns in a terminal; without this the table's columns drift.
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\u9fff\uff00-\uffef]/u.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** a / b, or no ratio at all where b is too small to divide by (a timer resolution of zero). */
export function ratioOf(a: number, b: number): number | undefined {
  return b > 0 && Number.isFinite(a / b) ? a / b : undefined;
}

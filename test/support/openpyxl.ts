// Reads a workbook with openpyxl (Debian python3-openpyxl), a reader that is not the
// exceljs that wrote it, and returns what it sees: every cell's type and value, the
// frozen panes and the column widths of each sheet.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const PYTHON = '/usr/bin/python3';

export type ReadCell =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'datetime'; value: string }
  | { type: 'empty' }
  | { type: 'other'; value: string };

export interface ReadSheet {
  name: string;
  freezePanes: string | null;
  /** Column letter → width, for columns that set one. */
  widths: Record<string, number>;
  /** openpyxl's data_type per cell: 's' string, 'n' number, 'd' date, 'f' formula. */
  dataTypes: string[][];
  rows: ReadCell[][];
}

const SCRIPT = String.raw`
import sys, json, datetime
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
wb = load_workbook(sys.argv[1], read_only=False)
out = []
for ws in wb.worksheets:
    rows, types = [], []
    for row in ws.iter_rows():
        cells, kinds = [], []
        for c in row:
            v = c.value
            kinds.append(c.data_type)
            if v is None: cells.append({"type": "empty"})
            elif isinstance(v, bool): cells.append({"type": "other", "value": str(v)})
            elif isinstance(v, datetime.datetime): cells.append({"type": "datetime", "value": v.isoformat()})
            elif isinstance(v, (int, float)): cells.append({"type": "number", "value": v})
            elif isinstance(v, str): cells.append({"type": "string", "value": v})
            else: cells.append({"type": "other", "value": repr(v)})
        rows.append(cells); types.append(kinds)
    # One <col> element may span several columns with the same width (min..max).
    widths = {}
    for d in ws.column_dimensions.values():
        if d.width and d.min and d.max:
            for i in range(d.min, d.max + 1): widths[get_column_letter(i)] = d.width
    out.append({"name": ws.title, "freezePanes": ws.freeze_panes, "widths": widths, "dataTypes": types, "rows": rows})
json.dump(out, sys.stdout, ensure_ascii=False)
`;

export async function readWorkbook(path: string): Promise<ReadSheet[]> {
  const { stdout } = await run(PYTHON, ['-c', SCRIPT, path], { maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(stdout) as ReadSheet[];
}

/** A cell as plain data, for comparing a row at a time. */
export function plain(cell: ReadCell): string | number | null {
  switch (cell.type) {
    case 'empty':
      return null;
    case 'number':
      return cell.value;
    default:
      return cell.value;
  }
}

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Checkbox, Empty, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CertificateRow } from '../../../../preload/contract';
import { cellStyle, COLUMNS, SELECT_COLUMN_WIDTH, TABLE_MIN_WIDTH, type CellContext } from './columns';
import type { CertificateWindow } from './useCertificateWindow';
import { useScaledScroll } from './useScaledScroll';

const ROW_HEIGHT = 40;
const HEADER_HEIGHT = 40;
const OVERSCAN_ROWS = 6;
// A guard: whatever the layout does, a frame never renders more rows than a tall screen shows.
const MAX_VISIBLE_ROWS = 120;
// Rows are placed from a base that moves only every this many rows, and the layer holding them is
// shifted by the scroll, so a wheel step changes one transform and mounts the rows that came into
// view, not a new position for every row on screen (each of which would render its cells again).
// Relative to the base, a row's top stays far below Chromium's ~33.5 million px layout limit.
const POSITION_BLOCK_ROWS = 1000;

interface Props {
  view: CertificateWindow;
  selected: ReadonlyMap<string, CertificateRow>;
  onSelect: (rows: readonly CertificateRow[], checked: boolean) => void;
  /** 查看解决办法 of a row. */
  onSolution: (row: CertificateRow) => void;
  /** Given when an empty result came from a number query: the empty list links to 自助打印证书查不到. */
  onNotFoundHelp?: (() => void) | undefined;
  /** Enter on the focused row: 预览 of that certificate. */
  onOpen?: ((row: CertificateRow) => void) | undefined;
}

/**
 * A virtualized grid: only the rows on screen exist in the DOM, drawn from the window's
 * block cache, with placeholders where a block is still loading. A custom grid rather than
 * antd Table because Table needs a data array of every row and one pixel of height per pixel.
 */
export function CertificateTable({ view, selected, onSelect, onSolution, onNotFoundHelp, onOpen }: Props) {
  const { t } = useTranslation();
  const context = useMemo<CellContext>(() => ({ t, onSolution }), [t, onSolution]);
  const scroller = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const total = view.total ?? 0;
  const bodyHeight = Math.max(0, height - HEADER_HEIGHT);
  const { offset, scrollHeight, onScroll, onKeyDown: onScrollKey, reset, scrollTo } = useScaledScroll(scroller, total * ROW_HEIGHT, bodyHeight, ROW_HEIGHT);
  // The keyboard's row (aria-activedescendant): focus stays on the grid, which outlives the rows it virtualizes.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);

  // A new search starts at the top, with no row focused.
  useLayoutEffect(() => {
    reset();
    setFocusIndex(null);
  }, [view.epoch, reset]);

  const firstVisible = Math.floor(offset / ROW_HEIGHT);
  const lastVisible = Math.min(total - 1, Math.floor((offset + bodyHeight) / ROW_HEIGHT), firstVisible + MAX_VISIBLE_ROWS);
  const first = Math.max(0, firstVisible - OVERSCAN_ROWS);
  const last = Math.min(total - 1, lastVisible + OVERSCAN_ROWS);

  const { setVisibleRange } = view;
  useEffect(() => {
    if (total > 0) setVisibleRange(firstVisible, Math.max(firstVisible, lastVisible));
  }, [firstVisible, lastVisible, total, setVisibleRange]);

  const shownRows: CertificateRow[] = [];
  for (let index = firstVisible; index <= lastVisible; index += 1) {
    const row = view.rowAt(index);
    if (row) shownRows.push(row);
  }
  const shownSelected = shownRows.filter((row) => selected.has(row.certificateId)).length;

  // A list that shrank (a reload in place) keeps the focus on a row that exists.
  const focused = focusIndex === null || total === 0 ? null : Math.min(focusIndex, total - 1);

  /** Moves the keyboard focus to a row and scrolls just enough to show it whole. */
  function focusRow(index: number): void {
    const target = Math.min(Math.max(0, index), total - 1);
    setFocusIndex(target);
    const top = target * ROW_HEIGHT;
    if (top < offset) scrollTo(top);
    else if (top + ROW_HEIGHT > offset + bodyHeight) scrollTo(top + ROW_HEIGHT - bodyHeight);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    // Keys inside a row (its checkbox, 查看解决办法) keep their own meaning.
    if (event.target !== event.currentTarget || total === 0 || event.altKey || event.ctrlKey || event.metaKey) {
      onScrollKey(event);
      return;
    }
    const page = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    // Before the first move the focus starts on the first row on screen.
    const from = focused ?? firstVisible - 1;
    const row = focused === null ? undefined : view.rowAt(focused);
    switch (event.key) {
      case 'ArrowDown':
        focusRow(focused === null ? firstVisible : from + 1);
        break;
      case 'ArrowUp':
        focusRow(focused === null ? firstVisible : from - 1);
        break;
      case 'PageDown':
        focusRow(from + page);
        break;
      case 'PageUp':
        focusRow(Math.max(0, from - page));
        break;
      case 'Home':
        focusRow(0);
        break;
      case 'End':
        focusRow(total - 1);
        break;
      case ' ':
        if (row) onSelect([row], !selected.has(row.certificateId));
        else if (focused === null) focusRow(firstVisible);
        break;
      case 'Enter':
        if (row) onOpen?.(row);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  // The row handlers read the latest state through a ref, so they are stable and a row the
  // scroll did not change is skipped by memo.
  const latest = useRef({ selected, onSelect });
  latest.current = { selected, onSelect };
  const onRowClick = useCallback((index: number, row: CertificateRow) => {
    setFocusIndex(index);
    latest.current.onSelect([row], !latest.current.selected.has(row.certificateId));
  }, []);
  const onRowCheck = useCallback((row: CertificateRow, checked: boolean) => latest.current.onSelect([row], checked), []);

  const base = Math.floor(first / POSITION_BLOCK_ROWS) * POSITION_BLOCK_ROWS * ROW_HEIGHT;
  const rows = [];
  for (let index = first; index <= last; index += 1) {
    const row = view.rowAt(index);
    const top = index * ROW_HEIGHT - base;
    rows.push(
      row ? (
        <GridRow
          key={index}
          index={index}
          row={row}
          top={top}
          selected={selected.has(row.certificateId)}
          focused={index === focused}
          context={context}
          onClick={onRowClick}
          onCheck={onRowCheck}
        />
      ) : (
        <PlaceholderRow key={index} index={index} top={top} focused={index === focused} />
      ),
    );
  }

  return (
    <div
      ref={scroller}
      className="cert-grid"
      role="grid"
      aria-rowcount={total + 1}
      aria-busy={view.loading}
      aria-multiselectable
      aria-label={t('keyboard.certificateGrid')}
      aria-activedescendant={focused !== null && focused >= first && focused <= last ? rowDomId(focused) : undefined}
      data-focus-index={focused ?? ''}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="certificate-table"
      data-total={view.total ?? ''}
      data-loading={view.loading}
    >
      <div className="cert-grid-inner" style={{ minWidth: TABLE_MIN_WIDTH }}>
        <div role="row" aria-rowindex={1} className="cert-grid-header" style={{ height: HEADER_HEIGHT }}>
          <div role="columnheader" className="cert-cell cert-cell-select" style={{ flex: `0 0 ${SELECT_COLUMN_WIDTH}px` }}>
            <Checkbox
              checked={shownRows.length > 0 && shownSelected === shownRows.length}
              indeterminate={shownSelected > 0 && shownSelected < shownRows.length}
              disabled={shownRows.length === 0}
              aria-label={t('certificates.columns.selectAll')}
              data-testid="certificate-select-all"
              onChange={(event) => onSelect(shownRows, event.target.checked)}
            />
          </div>
          {COLUMNS.map((column) => (
            <div key={column.key} role="columnheader" className="cert-cell" style={cellStyle(column)}>
              {column.title(t)}
            </div>
          ))}
        </div>
        {/* Stays in place while the scroller moves; the rows' layer inside is shifted by `offset`. */}
        <div className="cert-grid-window" style={{ top: HEADER_HEIGHT, height: bodyHeight }}>
          <div className="cert-grid-rows" style={{ transform: `translateY(${base - offset}px)` }}>
            {rows}
          </div>
          {view.total === 0 && (
            <Empty
              className="cert-grid-empty"
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('certificates.empty')}</div>
                  {onNotFoundHelp && (
                    <Typography.Link onClick={onNotFoundHelp} data-testid="certificate-not-found-solution">
                      {t('certificates.notFoundSolution')}
                    </Typography.Link>
                  )}
                </>
              }
            />
          )}
          {view.total === null && view.loading && <Spin className="cert-grid-spin" />}
        </div>
        <div style={{ height: Math.max(0, scrollHeight - bodyHeight) }} aria-hidden />
      </div>
    </div>
  );
}

interface GridRowProps {
  index: number;
  row: CertificateRow;
  /** From the rows' layer, which the scroll shifts. */
  top: number;
  selected: boolean;
  focused: boolean;
  context: CellContext;
  onClick: (index: number, row: CertificateRow) => void;
  onCheck: (row: CertificateRow, checked: boolean) => void;
}

const GridRow = memo(function GridRow({ index, row, top, selected, focused, context, onClick, onCheck }: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      id={rowDomId(index)}
      aria-selected={selected}
      className={focused ? 'cert-row cert-row-focused' : 'cert-row'}
      data-focused={focused}
      style={{ top, height: ROW_HEIGHT }}
      data-testid="certificate-row"
      data-row-index={index}
      data-certificate-id={row.certificateId}
      data-certificate-number={row.number}
      data-selected={selected}
      onClick={() => onClick(index, row)}
    >
      <div role="gridcell" className="cert-cell cert-cell-select" style={{ flex: `0 0 ${SELECT_COLUMN_WIDTH}px` }}>
        <Checkbox
          checked={selected}
          aria-label={context.t('certificates.columns.selectRow', { number: row.number })}
          data-testid="certificate-select"
          // The row's own click toggles; without this the checkbox would toggle twice.
          onClick={(event) => event.stopPropagation()}
          onChange={(event) => onCheck(row, event.target.checked)}
        />
      </div>
      {COLUMNS.map((column) => (
        <div key={column.key} role="gridcell" className="cert-cell" style={cellStyle(column)}>
          <span className="cert-cell-text">{column.render(row, context)}</span>
        </div>
      ))}
    </div>
  );
});

const PlaceholderRow = memo(function PlaceholderRow({ index, top, focused }: { index: number; top: number; focused: boolean }) {
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-busy
      className={focused ? 'cert-row cert-row-placeholder cert-row-focused' : 'cert-row cert-row-placeholder'}
      style={{ top, height: ROW_HEIGHT }}
      data-testid="certificate-row-placeholder"
      data-row-index={index}
    >
      <div className="cert-cell" style={{ flex: `0 0 ${SELECT_COLUMN_WIDTH}px` }} />
      {COLUMNS.map((column) => (
        <div key={column.key} className="cert-cell" style={cellStyle(column)}>
          <span className="cert-placeholder-bar" />
        </div>
      ))}
    </div>
  );
});

function rowDomId(index: number): string {
  return `certificate-row-${index}`;
}

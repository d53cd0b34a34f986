/** A batch's items as CSV (GET /v1/batches/{id}/items with `format=csv` or `Accept: text/csv`). */
import type { BatchItemView } from '../contracts/batch';
import { BATCH_CSV_COLUMNS } from './schemas-batches';

/** CSV when `Accept` rates text/csv above application/json (a tie, or neither named: JSON). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const q: Record<string, number> = {};
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const given = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = given ? Number(given.slice(2)) : 1;
    q[type.trim()] = Number.isFinite(value) ? value : 0;
  }
  const csv = q['text/csv'] ?? 0;
  return csv > 0 && csv > (q['application/json'] ?? 0);
}

/** RFC 4180 (CRLF, quoted where needed), with formula injection defused for spreadsheets. */
export function toCsv(items: BatchItemView[]): string {
  const rows = items.map((item) =>
    BATCH_CSV_COLUMNS.map((column) => {
      const value = item[column];
      if (column === 'escalated') return String(!!value);
      return value === undefined ? '' : csvCell(String(value));
    }).join(','),
  );
  return [BATCH_CSV_COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

function csvCell(value: string): string {
  // A cell starting like a formula would be run by Excel or Sheets (OWASP "CSV injection").
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

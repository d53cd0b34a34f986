/**
 * Heap snapshots (.heapsnapshot, as V8 writes them) summed by constructor, as the "Summary" view of
 * the Chrome DevTools shows them (objects by constructor name, the rest by kind: "(string)",
 * "(closure)", "(compiled code)", ...), by self size: enough to see which kind of object grows
 * between two snapshots. Reads only the nodes and the strings, so files larger than V8's largest
 * string still parse.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { round } from './stats';

export interface HeapSummary {
  totalBytes: number;
  nodes: number;
  byName: Map<string, { count: number; bytes: number }>;
}

export function summarizeSnapshot(file: string): HeapSummary {
  const buf = readFileSync(file);
  const nodesAt = buf.indexOf('"nodes":[');
  const header = buf.toString('utf8', 0, nodesAt).trim().replace(/,$/, '');
  const meta = (
    JSON.parse(`${header}}`) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
    }
  ).snapshot.meta;
  const fields = meta.node_fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => meta.node_fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const types = meta.node_types[0];
  const rows: number[] = [];
  let value = 0;
  let field = 0;
  let inNumber = false;
  let row = [0, 0, 0];
  for (let i = nodesAt + '"nodes":['.length; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      inNumber = true;
      continue;
    }
    if (inNumber) {
      if (field === typeAt) row[0] = value;
      else if (field === nameAt) row[1] = value;
      else if (field === sizeAt) row[2] = value;
      if (++field === fields) {
        rows.push(...row);
        row = [0, 0, 0];
        field = 0;
      }
      value = 0;
      inNumber = false;
    }
    if (c === 93) break; // ']'
  }
  const stringsAt = buf.lastIndexOf('"strings":[');
  const strings = JSON.parse(
    buf.toString('utf8', stringsAt + '"strings":'.length, buf.lastIndexOf(']') + 1),
  ) as string[];
  const byName = new Map<string, { count: number; bytes: number }>();
  let totalBytes = 0;
  for (let i = 0; i < rows.length; i += 3) {
    const type = types[rows[i] as number] ?? '?';
    const bytes = rows[i + 2] as number;
    const name =
      type === 'object' || type === 'native'
        ? (strings[rows[i + 1] as number] ?? '?').slice(0, 80)
        : type.endsWith('string')
          ? '(string)'
          : type === 'code'
            ? '(compiled code)'
            : type === 'hidden'
              ? '(system)'
              : `(${type})`;
    const entry = byName.get(name) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    byName.set(name, entry);
    totalBytes += bytes;
  }
  return { totalBytes, nodes: rows.length / 3, byName };
}

const MiB = 2 ** 20;
const mib = (b: number) => `${round(b / MiB, 1)} MiB`;

/** The isolate of a snapshot file written by thread-heaps.ts: `main` or `thread-N`; its tag is the part before. */
const isolateOf = (f: string) => /(main|thread-\d+)\.heapsnapshot$/.exec(f)?.[1] ?? path.basename(f);
const tagOf = (f: string) => path.basename(f).replace(/-(main|thread-\d+)\.heapsnapshot$/, '');

/**
 * One line per isolate: its live heap in both snapshots, the largest constructors in the second, and
 * those that grew most by size and by count between the two.
 */
export function compareSnapshots(before: string[], after: string[], top = 6): string {
  const lines: string[] = [];
  for (const file of after) {
    const b = before.find((x) => isolateOf(x) === isolateOf(file));
    const end = summarizeSnapshot(file);
    const start = b ? summarizeSnapshot(b) : undefined;
    const largest = [...end.byName.entries()]
      .sort((x, y) => y[1].bytes - x[1].bytes)
      .slice(0, top)
      .map(([name, e]) => `${name} ${mib(e.bytes)} (${e.count})`);
    const delta = start
      ? [...end.byName.entries()].map(([name, e]) => {
          const s = start.byName.get(name) ?? { count: 0, bytes: 0 };
          return { name, bytes: e.bytes - s.bytes, count: e.count - s.count };
        })
      : [];
    const signed = (x: number, text: string) => `${x >= 0 ? '+' : ''}${text}`;
    const bySize = [...delta]
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, top)
      .map((d) => `${d.name} ${signed(d.bytes, mib(d.bytes))} (${signed(d.count, String(d.count))})`);
    const byCount = [...delta]
      .sort((x, y) => y.count - x.count)
      .slice(0, top)
      .map((d) => `${d.name} ${signed(d.count, String(d.count))}`);
    lines.push(
      `${isolateOf(file)}: live heap ${start ? `${mib(start.totalBytes)} → ` : ''}${mib(end.totalBytes)}; ` +
        `largest: ${largest.join(', ')}` +
        (start ? `; grew most: ${bySize.join(', ')}; most new objects: ${byCount.join(', ')}` : ''),
    );
  }
  const tags = [...before.slice(0, 1), ...after.slice(0, 1)].map(tagOf).join(' → ');
  return `Heap snapshots of the small-cache worker (${tags}; a snapshot collects garbage first): ${lines.join(' | ')}`;
}

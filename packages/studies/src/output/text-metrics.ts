/**
 * Text widths for vega's layout without a canvas. Headless vega guesses 0.8 em per character,
 * nearly twice the real width of DejaVu Sans text: legends, titles and margins come out far too
 * wide. Here the advance widths are read from the font file that resvg will draw with (the
 * `cmap`, `hmtx`, `hhea` and `head` tables of a TrueType file), and installed as vega's
 * `textMetrics.width`, the hook vega provides for this (vl-convert uses it too).
 * Kerning is ignored: widths are a few per cent generous at most.
 */
import { readFileSync } from 'node:fs';
import * as vega from 'vega';

/** Advance width in em of each code point that the font maps, from a TrueType (.ttf) file. */
export function readAdvanceWidths(ttf: Uint8Array): (codePoint: number) => number | undefined {
  const view = new DataView(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    const tag = String.fromCharCode(...ttf.subarray(rec, rec + 4));
    tables.set(tag, view.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font has no ${tag} table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const nMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number): number => view.getUint16(hmtx + 4 * Math.min(glyph, nMetrics - 1)) / unitsPerEm;

  // cmap: the Unicode BMP subtable in format 4 (segments of consecutive code points)
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const at = cmap + view.getUint32(rec + 4);
    if (view.getUint16(at) === 4 && (platform === 0 || (platform === 3 && encoding === 1))) {
      sub = at;
      break;
    }
  }
  if (sub < 0) throw new Error('font has no Unicode format-4 cmap');
  const segments = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (c: number): number | undefined => {
    if (c > 0xffff) return undefined;
    for (let i = 0; i < segments; i++) {
      if (view.getUint16(ends + 2 * i) < c) continue;
      const start = view.getUint16(starts + 2 * i);
      if (start > c) return undefined;
      const delta = view.getUint16(deltas + 2 * i);
      const rangeAt = rangeOffsets + 2 * i;
      const range = view.getUint16(rangeAt);
      let glyph = range === 0 ? c : view.getUint16(rangeAt + range + 2 * (c - start));
      if (range !== 0 && glyph === 0) return undefined;
      glyph = (glyph + delta) & 0xffff;
      return glyph === 0 ? undefined : advance(glyph);
    }
    return undefined;
  };
}

/** Width of `text` in units of the font size; unknown characters count 0.6 em. */
export function textWidthEm(text: string, advance: (codePoint: number) => number | undefined): number {
  let w = 0;
  for (const ch of text) w += advance(ch.codePointAt(0)!) ?? 0.6;
  return w;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
}

type WidthFn = (item: TextItem, text: unknown) => number;
const metrics = (vega as unknown as { textMetrics: { width: WidthFn; estimateWidth: WidthFn } }).textMetrics;
let installed: string | null = null;

/**
 * Make vega measure text with the given regular (and optional bold) TrueType files. Idempotent;
 * with no readable regular file vega keeps its own estimate.
 */
export function installTextMetrics(regular: string | undefined, bold?: string): void {
  const key = `${regular}|${bold}`;
  if (installed === key) return;
  installed = key;
  const load = (file: string | undefined) => {
    if (file === undefined) return undefined;
    try {
      return readAdvanceWidths(readFileSync(file));
    } catch {
      return undefined;
    }
  };
  const normal = load(regular);
  if (normal === undefined) {
    metrics.width = metrics.estimateWidth;
    return;
  }
  const heavy = load(bold) ?? ((c: number) => (normal(c) ?? 0.6) * 1.1);
  const cache = new Map<string, number>();
  metrics.width = (item, text) => {
    const s = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const isBold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
    const key = `${isBold ? 'b' : 'n'}${s}`;
    let em = cache.get(key);
    if (em === undefined) {
      if (cache.size > 10_000) cache.clear();
      em = textWidthEm(s, isBold ? heavy : normal);
      cache.set(key, em);
    }
    return em * size;
  };
}

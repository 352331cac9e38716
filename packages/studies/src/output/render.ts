/**
 * Figures offline: vega-lite spec -> SVG (vega's headless View, renderer 'none'), SVG -> PNG
 * (resvg, a Rust SVG renderer shipped as a prebuilt binary). No browser, no canvas, no network:
 * data are inline and fonts come from local files.
 *
 * Text needs a font: the figures name DejaVu Sans (Debian `fonts-dejavu-core`), found in the
 * usual directories by `figureFontFiles()`. Without it resvg falls back to any system font, and
 * with no font at all the PNG has no text (the SVG is unaffected).
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io.js';
import { installTextMetrics } from './text-metrics.js';

export const FIGURE_FONT_FAMILY = 'DejaVu Sans';
/** CSS font list written into the SVG: DejaVu Sans where present, a close sans-serif elsewhere. */
export const FIGURE_FONT = `${FIGURE_FONT_FAMILY}, Verdana, Arial, sans-serif`;

/** The font shipped by the npm package dejavu-fonts-ttf, so a fresh machine needs no system fonts. */
function packagedFontDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch {
    return undefined;
  }
}

const FONT_DIRS = [
  ...(packagedFontDir() ? [packagedFontDir()!] : []),
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu
  '/usr/share/fonts/dejavu', // Fedora, Arch
  '/usr/share/fonts/TTF',
  '/usr/local/share/fonts',
  '/Library/Fonts',
];
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'];

/** The DejaVu Sans files found on this machine (empty if none: then PNG text uses system fonts). */
export function figureFontFiles(): string[] {
  for (const dir of FONT_DIRS) {
    const files = FONT_FILES.map((f) => join(dir, f)).filter((f) => existsSync(f));
    if (files.length > 0) return files;
  }
  return [];
}

export interface RenderOptions {
  /** Receives vega-lite and vega warnings; default: `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

/** Render a vega-lite spec to an SVG string, headless. */
export async function renderVegaLite(spec: TopLevelSpec, options: RenderOptions = {}): Promise<string> {
  const warn = options.onWarning ?? ((m: string) => console.warn(`vega: ${m}`));
  const fonts = figureFontFiles();
  installTextMetrics(
    fonts.find((f) => f.endsWith('/DejaVuSans.ttf')),
    fonts.find((f) => f.endsWith('/DejaVuSans-Bold.ttf')),
  );
  const log = logger(Warn, 'warn', (_method, _level, args) => warn(args.map(String).join(' ')));
  const { spec: vegaSpec } = compile(spec, { logger: log });
  const view = new View(parse(vegaSpec), { renderer: 'none', logger: log });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit; default 2 (a 600-unit-wide figure becomes 1200 px). */
  readonly scale?: number;
  /** Font files to load; default `figureFontFiles()`, or all system fonts when that is empty. */
  readonly fontFiles?: readonly string[];
}

export interface Png {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Rasterise an SVG to PNG on a white background. */
export function svgToPng(svg: string, options: PngOptions = {}): Png {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 16)) throw new RangeError(`svgToPng: scale must be in (0, 16], got ${scale}`);
  const fontFiles = [...(options.fontFiles ?? figureFontFiles())];
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: FIGURE_FONT_FAMILY,
      sansSerifFamily: FIGURE_FONT_FAMILY,
    },
    logLevel: 'off',
  }).render();
  return { data: image.asPng(), width: image.width, height: image.height };
}

export interface FigureFiles {
  readonly svg: string;
  readonly png: string;
  readonly pngWidth: number;
  readonly pngHeight: number;
}

/**
 * Write `<pathWithoutExt>.svg` and `<pathWithoutExt>.png`, each atomically. The PNG is rendered
 * before anything is written, so a rendering failure leaves no file.
 */
export function writeFigure(pathWithoutExt: string, svg: string, options: PngOptions = {}): FigureFiles {
  const png = svgToPng(svg, options);
  const files = { svg: `${pathWithoutExt}.svg`, png: `${pathWithoutExt}.png` };
  writeFileAtomic(files.svg, svg);
  writeFileAtomic(files.png, png.data);
  return { ...files, pngWidth: png.width, pngHeight: png.height };
}

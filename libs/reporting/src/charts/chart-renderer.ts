import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A chart as PNG, with its pixel size. */
export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
}

/** Debian `fonts-dejavu-core` (installed by `make browser`): resvg is given only these, so output is the same everywhere. */
export const DEFAULT_FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

/**
 * Vega-Lite → Vega → SVG (vega's headless `toSVG`, no canvas) → PNG (resvg, a prebuilt binary): charts
 * without a native build. Text is drawn with `fontFiles` only; without them it would not render at all.
 */
export class ChartRenderer {
  constructor(
    private readonly fontFiles: readonly string[] = DEFAULT_FONT_FILES,
    /** pixels per SVG unit: 2 keeps the text sharp on a high-density screen */
    private readonly scale = 2,
  ) {}

  async render(spec: TopLevelSpec): Promise<RenderedChart> {
    const missing = this.fontFiles.filter((file) => !existsSync(file));
    // resvg draws no text at all without a font: a chart without labels must not pass for a report
    if (missing.length || this.fontFiles.length === 0)
      throw new Error(
        `chart fonts missing (${missing.join(', ') || 'none given'}): install fonts-dejavu-core (make browser) or set REPORT_FONT_FILES`,
      );
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    let svg: string;
    try {
      svg = await view.toSVG();
    } finally {
      view.finalize();
    }
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: this.scale },
      font: { fontFiles: [...this.fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    }).render();
    return { png: image.asPng(), width: image.width, height: image.height };
  }
}

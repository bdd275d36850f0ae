import { PNG } from 'pngjs';

/** A PNG decoded: its size and how many distinct RGBA colours its pixels use (1 for a blank image). */
export function inspectPng(bytes: Buffer): { width: number; height: number; colours: number } {
  const png = PNG.sync.read(bytes);
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.readUInt32BE(i));
  return { width: png.width, height: png.height, colours: colours.size };
}

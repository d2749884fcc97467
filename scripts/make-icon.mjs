// `npm run icon`: renders the Marketplace icon, media/icon.png (256×256), from the activity-bar
// glyph media/codethreat.svg. The glyph is a monochrome outline drawn in `currentColor` (VS Code
// tints it); the icon draws it in white on a rounded blue square, so that it reads on the light and
// the dark Marketplace and Open VSX galleries alike. The square's dark end is the gallery banner
// colour (`galleryBanner.color` in package.json). Rendered with resvg (the binary ships in the
// npm package), so the same input gives the same PNG on every machine; commit the result.
import { Resvg } from '@resvg/resvg-js';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GLYPH = join(ROOT, 'media', 'codethreat.svg');
const OUT = join(ROOT, 'media', 'icon.png');
const SIZE = 256;
const COLORS = { light: '#2f6feb', dark: '#1b2a6b', glyph: '#ffffff' };

const glyph = readFileSync(GLYPH, 'utf8');
const root = /<svg\b([^>]*)>([\s\S]*)<\/svg>/.exec(glyph);
if (!root) throw new Error(`${GLYPH}: no <svg> element`);
const [, rootAttributes, body] = root;
const attribute = (name) => new RegExp(`\\s${name}="([^"]*)"`).exec(rootAttributes)?.[1];

const [minX, minY, width, height] = (attribute('viewBox') ?? '0 0 24 24').split(/[\s,]+/).map(Number);
// The glyph's box fills two thirds of the square, centred.
const scale = (SIZE * 0.68) / Math.max(width, height);
const offsetX = (SIZE - width * scale) / 2 - minX * scale;
const offsetY = (SIZE - height * scale) / 2 - minY * scale;
// The glyph's presentation attributes move to the group that places it; currentColor becomes white.
const inherited = ['fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin']
  .filter((name) => attribute(name) !== undefined)
  .map((name) => `${name}="${attribute(name).replace(/currentColor/g, COLORS.glyph)}"`)
  .join(' ');

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <defs>
    <linearGradient id="background" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${COLORS.light}"/>
      <stop offset="1" stop-color="${COLORS.dark}"/>
    </linearGradient>
  </defs>
  <rect width="${SIZE}" height="${SIZE}" rx="${SIZE * 0.19}" fill="url(#background)"/>
  <g transform="translate(${offsetX.toFixed(3)} ${offsetY.toFixed(3)}) scale(${scale.toFixed(4)})" ${inherited} color="${COLORS.glyph}">
${body.replace(/currentColor/g, COLORS.glyph)}
  </g>
</svg>`;

const png = new Resvg(svg, { fitTo: { mode: 'width', value: SIZE }, font: { loadSystemFonts: false } }).render().asPng();
writeFileSync(OUT, png);
console.log(`${relative(ROOT, OUT)}: ${SIZE}×${SIZE}, ${png.length} bytes`);

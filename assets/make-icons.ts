// Renders the app and tray icons from one SVG with Debian's Chromium: `npx tsx assets/make-icons.ts`.
// The PNGs are committed; electron-builder derives .icns and .ico from icon.png.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// A memory "node": three stacked tiers (short, mid, long term) inside a rounded square.
const glyph = (color: string) => `
  <rect x="14" y="20" width="36" height="7" rx="3.5" fill="${color}"/>
  <rect x="10" y="31" width="44" height="7" rx="3.5" fill="${color}" opacity="0.8"/>
  <rect x="6" y="42" width="52" height="7" rx="3.5" fill="${color}" opacity="0.6"/>`;
const appSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#6366f1"/><stop offset="1" stop-color="#312e81"/></linearGradient></defs><rect width="64" height="64" rx="14" fill="url(#g)"/>${glyph('#ffffff')}</svg>`;
const traySvg = (color: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${glyph(color)}</svg>`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
async function render(svg: string, size: number, out: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  writeFileSync(
    here(out),
    await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }),
  );
  await page.close();
}
await render(appSvg, 1024, './icon.png');
await render(appSvg, 256, './icon-256.png');
for (const [name, color] of [
  ['trayTemplate', '#000000'],
  ['tray-light', '#1c1917'],
  ['tray-dark', '#f5f5f4'],
] as const) {
  await render(traySvg(color), 16, `./tray/${name}.png`);
  await render(traySvg(color), 32, `./tray/${name}@2x.png`);
}
await browser.close();

// PDF of the printed report (PDF 下载): the same standalone page printed to A4 by Chromium through
// playwright-core — the local server (`npm start`) and tests. The API Lambda has no browser: it
// lays out the same page with pdfkit and a CJK font layer (pdf-kit.ts). This module is imported
// only by the local launcher and tests, never by the Lambda bundles.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { PdfUnavailableError, type PdfRenderer } from './pdf-renderer.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--font-render-hinting=none',
];

/** A renderer with one browser, started on first use and kept for later PDFs. */
export function createChromiumPdfRenderer(opts: { executablePath?: string } = {}): PdfRenderer & { close(): Promise<void> } {
  const executablePath = opts.executablePath ?? DEFAULT_CHROMIUM;
  let browser: Promise<Browser> | undefined;
  const launch = async () => {
    if (!existsSync(executablePath)) throw new PdfUnavailableError(`no Chromium at ${executablePath}`);
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath, headless: true, args: ARGS });
    b.on('disconnected', () => {
      browser = undefined;
    });
    return b;
  };
  return {
    async render(html: string): Promise<Uint8Array> {
      browser ??= launch().catch((e) => {
        browser = undefined;
        throw e;
      });
      const context = await (await browser).newContext();
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = undefined;
      if (b) await (await b.catch(() => undefined))?.close();
    },
  };
}

// What the report service needs to make a PDF: something that prints an HTML page to A4. The
// local server attaches a Chromium one (pdf.ts); without one the PDF route answers 501.

export interface PdfRenderer {
  render(html: string): Promise<Uint8Array>;
}

export class PdfUnavailableError extends Error {
  override readonly name = 'PdfUnavailableError';
}

export const PDF_UNAVAILABLE = {
  message: 'PDF is produced by the local server or a worker with Chromium; this deployment has none. Download the XLSX or CSV, or open the report page and print it (A4).',
  messageZh: '本部署环境没有 Chromium，无法生成 PDF（PDF 由本地服务或带浏览器的工作进程生成）。请下载 XLSX 或 CSV，或打开报告页面直接打印（A4）。',
};

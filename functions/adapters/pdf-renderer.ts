// What the report service needs to make a PDF: something that turns the report page into an A4
// PDF. The local server attaches Chromium (pdf.ts), the API Lambda pdfkit with the CJK font layer
// (pdf-kit.ts); without either the PDF route answers 501.

export interface PdfRenderer {
  render(html: string): Promise<Uint8Array>;
}

export class PdfUnavailableError extends Error {
  override readonly name = 'PdfUnavailableError';
}

export const PDF_UNAVAILABLE = {
  message:
    'PDF needs Chromium (local server) or the CJK font layer (AWS Lambda); this deployment has neither. Download the XLSX or CSV, or open the report page and print it (A4).',
  messageZh: '本部署环境既没有 Chromium，也没有中文字体层，无法生成 PDF。请下载 XLSX 或 CSV，或打开报告页面直接打印（A4）。',
};

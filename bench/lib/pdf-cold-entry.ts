// bench:bundles builds this with the stack's esbuild settings: the PDF layout code exactly as the
// API Lambda loads it on its first PDF request (the lazily imported pdf-kit chunk).
export { renderReportPdf } from '../../functions/adapters/pdf-kit.js';

// Security headers of the dashboard and API (安全响应头): one definition, used by the local server
// (functions/local/start.ts, through hono's secureHeaders) and CloudFront's response headers
// policy on AWS (infra/ imports CONTENT_SECURITY_POLICY).
//
// The dashboard loads only its own files and calls only its own API. Styles allow 'unsafe-inline':
// the monthly report is rendered from HTML with a <style> block and style attributes (the same page
// Chromium prints), and Swagger UI's page has an inline <style>; scripts never run inline.

export const CSP_DIRECTIVES: Readonly<Record<string, string[]>> = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'", 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The Content-Security-Policy header value. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${kebab(k)} ${v.join(' ')}`)
  .join('; ');

/** Every security header, by name (what CloudFront's response headers policy should send too). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// The dashboard's URL rules at the CloudFront edge (a viewer-request function on the default
// behaviour, never on /v1/*):
//   - a path whose last segment has an extension is a file: served as is;
//   - a static sub-site of the build (a top-level folder with its own index.html, e.g. the
//     API docs) answers at /<dir>/, and /<dir> redirects there so its relative URLs resolve;
//   - any other path is a dashboard route: the single-page app's /index.html.
// Distribution-wide error pages (403/404 → index.html) would do the last rule too, but they
// would also rewrite the API's own 403 and 404 answers, so they are not used.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Top-level folders of a web build that have their own index.html ([] when there is no build). */
export function staticSubsites(webDistDir: string): string[] {
  if (!existsSync(webDistDir)) return [];
  return readdirSync(webDistDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(webDistDir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/** Source of the CloudFront Function (cloudfront-js-2.0; kept to ES5 syntax to be safe). */
export function spaRewriteCode(subsites: readonly string[]): string {
  return `var SUBSITES = ${JSON.stringify(subsites)};
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (/\\.[A-Za-z0-9]+$/.test(uri)) return request;
  var first = uri.split('/')[1];
  if (SUBSITES.indexOf(first) !== -1) {
    if (uri === '/' + first) {
      return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
    }
    if (uri === '/' + first + '/') request.uri = uri + 'index.html';
    return request;
  }
  request.uri = '/index.html';
  return request;
}
`;
}

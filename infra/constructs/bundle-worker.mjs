// Runs one esbuild build for infra/constructs/bundle.ts in its own process: CDK constructs are
// synchronous and esbuild's synchronous API takes no plugins, so bundle.ts calls this with
// spawnSync. Input: a JSON object (esbuild options + `zodLocales: 'en'`) in argv[2]; output: the
// metafile as JSON on stdout.
import { build } from 'esbuild';

import { dirname, join } from 'node:path';

const { zodLocales, ...options } = JSON.parse(process.argv[2]);

/**
 * zod's classic API re-exports every locale (~260 KB minified, a third of the API's bundle) as
 * `z.locales`; ServicePulse writes its own bilingual messages (shared/contract/field-errors.ts)
 * and uses zod's English default only. This keeps `en` and drops the rest.
 */
const zodEnglishOnly = {
  name: 'zod-locales-en-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

const r = await build({ ...options, metafile: true, plugins: zodLocales === 'en' ? [zodEnglishOnly] : [] });
process.stdout.write(JSON.stringify(r.metafile));

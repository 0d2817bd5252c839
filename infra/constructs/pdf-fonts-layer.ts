// The CJK font of the report PDF on Lambda (PDF 下载): a layer with Noto Sans SC regular and bold
// (SIL OFL 1.1, its licence beside them) taken from the npm package as installed — nothing is
// fetched at deploy or run time, which AWS China needs. A layer, not the API's code: the API's
// code asset changes with every deploy, the 21 MB of fonts do not (same hash, uploaded once).
// The files land under /opt/<weight>/…; functions/adapters/pdf-fonts.ts reads PDF_FONT_DIR=/opt.
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { fontPackageDir, PDF_FONT_FILES, PDF_FONT_PACKAGE } from '../../functions/adapters/pdf-fonts.js';

/** Where the layer's files are in the Lambda (its zip is extracted into /opt). */
export const PDF_FONT_DIR_ON_LAMBDA = '/opt';

export function pdfFontsLayer(scope: Construct, id: string): LayerVersion {
  const dir = fontPackageDir();
  if (!dir) throw new Error(`${PDF_FONT_PACKAGE} is not installed (npm ci): the report PDF on Lambda needs its fonts`);
  const keep = new Set(Object.values(PDF_FONT_FILES).map((f) => f.split('/')[0]));
  return new LayerVersion(scope, id, {
    description: `Noto Sans SC regular and bold (SIL OFL 1.1) for the report PDF: ${Object.values(PDF_FONT_FILES).join(', ')}`,
    // Everything in the package but the two font files and the font licence.
    code: Code.fromAsset(dir, {
      exclude: [
        '*.png',
        '*.js',
        '*.ts',
        '*.json',
        '*.md',
        'LICENSE',
        ...['100Thin', '200ExtraLight', '300Light', '400Regular', '500Medium', '600SemiBold', '700Bold', '800ExtraBold', '900Black'].filter(
          (w) => !keep.has(w),
        ),
      ],
    }),
    compatibleRuntimes: [Runtime.NODEJS_22_X],
    compatibleArchitectures: [Architecture.ARM_64],
    license: 'OFL-1.1',
  });
}

// The CJK font the Lambda's PDF renderer embeds (a subset of the glyphs each PDF uses): Noto Sans
// SC (思源黑体 SC, SIL Open Font License 1.1) in regular and bold, from the npm package
// @expo-google-fonts/noto-sans-sc. On AWS the files come in a Lambda layer under /opt/fonts
// (PDF_FONT_DIR, infra/constructs/pdf-fonts-layer.ts); elsewhere from node_modules. Nothing is
// downloaded at run time (AWS China: no fetch from outside the region).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const PDF_FONT_FILES = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
} as const;
export const PDF_FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The font package's folder in node_modules (what the layer is built from), or undefined. */
export function fontPackageDir(from: string = import.meta.url): string | undefined {
  try {
    return dirname(createRequire(from).resolve(`${PDF_FONT_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/** Paths of the regular and bold font: in PDF_FONT_DIR (the layer) when set, else in node_modules. */
export function pdfFontPaths(env: NodeJS.ProcessEnv = process.env): { regular: string; bold: string } | undefined {
  const dir = env.PDF_FONT_DIR || fontPackageDir();
  if (!dir) return undefined;
  const paths = { regular: join(dir, PDF_FONT_FILES.regular), bold: join(dir, PDF_FONT_FILES.bold) };
  return existsSync(paths.regular) && existsSync(paths.bold) ? paths : undefined;
}

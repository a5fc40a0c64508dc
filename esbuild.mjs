// Bundles the extension client and the language server into dist/.
// Type checking is separate (`tsc -b`): esbuild strips types without checking them.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // csv-parse and others ship ESM and CJS; prefer the CJS entry points.
  mainFields: ['module', 'main'],
};

const webview = { bundle: true, format: 'iife', platform: 'browser', target: 'es2020', sourcemap: false, minify: true, logLevel: 'warning' };

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  // The collection indexer's worker thread and the command-line tool (`exchange-log`).
  { ...common, entryPoints: ['server/src/collection/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The webviews, each a script (browser) and a style sheet: the overview and the report panel. Both
  // bundle Observable Plot (media/chart/chart.ts), so they are always minified (about 280 KB each).
  ...['overview', 'report'].flatMap((name) => [
    { ...webview, entryPoints: [`media/${name}/main.ts`], outfile: `dist/${name}.js` },
    { bundle: true, minify: true, logLevel: 'warning', entryPoints: [`media/${name}/${name}.css`], outfile: `dist/${name}.css` },
  ]),
];

/**
 * Translations are kept per area in l10n/<locale>/*.json (so that work on different features does
 * not collide in one file) and merged into dist/l10n/bundle.l10n.<locale>.json, the file VS Code
 * (package.json "l10n") and the language server read.
 */
function buildL10n() {
  const src = 'l10n';
  const out = path.join('dist', 'l10n');
  fs.mkdirSync(out, { recursive: true });
  for (const locale of fs.readdirSync(src)) {
    const dir = path.join(src, locale);
    if (!fs.statSync(dir).isDirectory()) continue;
    const bundle = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const entries = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const [key, value] of Object.entries(entries)) {
        if (key in bundle && bundle[key] !== value) throw new Error(`l10n/${locale}/${file}: "${key}" is translated twice, differently`);
        bundle[key] = value;
      }
    }
    fs.writeFileSync(path.join(out, `bundle.l10n.${locale}.json`), JSON.stringify(bundle, null, 1) + '\n');
  }
}

/**
 * dist/THIRD-PARTY-NOTICES.txt: the licence of every package whose code is in a bundle (the
 * packages' licences ask that their notice goes with every copy), read from node_modules.
 */
function writeNotices(metafiles) {
  const packages = new Map();
  for (const meta of metafiles) {
    for (const output of Object.values(meta.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
        if (m && bytesInOutput > 0) packages.set(m[1], true);
      }
    }
  }
  const entries = [...packages.keys()].map((dir) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return { name: pkg.name, version: pkg.version, text };
  }).sort((a, b) => a.name.localeCompare(b.name));
  const body = entries.map((e) => `${e.name} ${e.version}\n${'-'.repeat(e.name.length + e.version.length + 1)}\n${e.text}\n`).join('\n');
  fs.writeFileSync(path.join('dist', 'THIRD-PARTY-NOTICES.txt'), `Exchange Log Explorer bundles the following packages.\n\n${body}`);
}

buildL10n();

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  writeNotices(results.map((r) => r.metafile));
}

/**
 * Where the machine-wide code-server install lives (shared by the grammar tests and the end-to-end harness).
 *
 * Contract: `${EXCHANGE_LOG_E2E_CACHE:-$HOME/.cache/exchange-log-explorer}/code-server-<version>/` is an
 * npm prefix in which `npm install --ignore-scripts code-server@<version>` was run (`npm run e2e:setup`).
 * VS Code's default themes ship inside it, under
 * `node_modules/code-server/lib/vscode/extensions/theme-defaults/themes/`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3';

/** The cache root: EXCHANGE_LOG_E2E_CACHE, or ~/.cache/exchange-log-explorer. */
export function e2eCacheDir(): string {
  const env = process.env.EXCHANGE_LOG_E2E_CACHE;
  return env && env.trim() ? env : path.join(os.homedir(), '.cache', 'exchange-log-explorer');
}

/** The npm prefix holding code-server: `<cache>/code-server-<version>`. */
export function codeServerPrefix(): string {
  return path.join(e2eCacheDir(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The installed code-server package: `<prefix>/node_modules/code-server`. */
export function codeServerDir(): string {
  return path.join(codeServerPrefix(), 'node_modules', 'code-server');
}

/** VS Code's default theme files (dark_modern.json, light_modern.json, hc_black.json, …). */
export function themesDir(): string {
  return path.join(codeServerDir(), 'lib', 'vscode', 'extensions', 'theme-defaults', 'themes');
}

/** Throws with the setup instruction when the themes are not installed. */
export function requireThemesDir(): string {
  const dir = themesDir();
  if (!fs.existsSync(path.join(dir, 'dark_modern.json'))) {
    throw new Error(
      `VS Code's default themes were not found at ${dir}. Run \`npm run e2e:setup\` ` +
        `(it installs code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix()}; ` +
        'set EXCHANGE_LOG_E2E_CACHE to use another cache folder).',
    );
  }
  return dir;
}

/** VS Code inside code-server. */
export function vscodeDir(): string {
  return path.join(codeServerDir(), 'lib', 'vscode');
}

/** code-server's entry script, run with this Node. */
export function codeServerEntry(): string {
  return path.join(codeServerDir(), 'out', 'node', 'entry.js');
}

/** True once `npm run e2e:setup` finished every step (scripts/e2e-setup.sh writes this marker last). */
export function codeServerReady(): boolean {
  return fs.existsSync(path.join(codeServerPrefix(), '.e2e-setup-complete'));
}

/** Throws with the command to run when the full install (for the end-to-end tests) is missing or unfinished. */
export function assertCodeServerReady(): void {
  if (!codeServerReady()) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not fully installed under ${codeServerPrefix()}: run \`npm run e2e:setup\` ` +
        '(set EXCHANGE_LOG_E2E_CACHE to use another cache folder).',
    );
  }
}

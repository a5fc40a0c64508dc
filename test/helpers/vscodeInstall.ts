/**
 * Where `scripts/e2e-setup.sh` installs code-server (VS Code in the browser) and what it carries.
 * One machine-wide cache, shared by worktrees and CI clones:
 *   ${EXCHANGE_LOG_E2E_CACHE:-$HOME/.cache/exchange-log-explorer}/code-server-<version>/
 * The grammar tests read the default themes from here; the end-to-end tests run code-server from here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** VS Code 1.100.3; later code-server versions need Node 22. Keep in step with scripts/e2e-setup.sh. */
export const CODE_SERVER_VERSION = '4.100.3';

export function cacheDir(): string {
  return process.env.EXCHANGE_LOG_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'exchange-log-explorer');
}

/** The npm prefix the install runs in. */
export function codeServerPrefix(): string {
  return path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server package folder (`<prefix>/node_modules/code-server`). */
export function codeServerDir(): string {
  return path.join(codeServerPrefix(), 'node_modules', 'code-server');
}

/** VS Code inside code-server. */
export function vscodeDir(): string {
  return path.join(codeServerDir(), 'lib', 'vscode');
}

/** The default themes' JSON files (dark_modern.json, light_modern.json, hc_black.json, …). */
export function themesDir(): string {
  return path.join(vscodeDir(), 'extensions', 'theme-defaults', 'themes');
}

/** code-server's entry script, run with this Node. */
export function codeServerEntry(): string {
  return path.join(codeServerDir(), 'out', 'node', 'entry.js');
}

/** True once `npm run e2e:setup` finished every step (it writes this marker last). */
export function codeServerReady(): boolean {
  return fs.existsSync(path.join(codeServerPrefix(), '.e2e-setup-complete'));
}

/** Throws with the command to run when the install is missing or unfinished. */
export function assertCodeServerReady(): void {
  if (!codeServerReady()) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed under ${codeServerPrefix()}: run \`npm run e2e:setup\``);
  }
}

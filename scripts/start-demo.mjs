#!/usr/bin/env node
// `npm start`: builds the .vsix (the npm script does that first), starts VS Code in the browser
// (code-server, installed by `npm run e2e:setup`) with the extension installed on a folder of Exchange
// logs, and prints the address to open. Ctrl+C stops it. PORT=… picks another port than 8080.
// With VS Code installed, use `code --install-extension exchange-log-explorer.vsix` instead.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { CodeServer, STANDARD_FILES } = require(path.join(repo, 'out', 'test', 'e2e', 'harness.js'));
const { sampleFiles, samplesDir, samplesLocation } = require(path.join(repo, 'out', 'test', 'helpers', 'paths.js'));
const { generateReceiveLog } = require(path.join(repo, 'out', 'test', 'helpers', 'generate.js'));

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port`);

// The repository's own logs of every kind, a busy generated receive log, and the public samples in a
// folder of their own when they are beside the repository (../shared/samples).
const files = [
  ...STANDARD_FILES,
  { name: 'RECV2024030511-1.LOG', text: generateReceiveLog({ targetBytes: 2_000_000, seed: 7, start: Date.UTC(2024, 2, 5, 11) }).text },
];
if (samplesDir()) {
  for (const s of sampleFiles()) files.push({ name: `public-samples/${s.name}`, sample: s.name });
} else {
  console.log(`(no public samples at ${samplesLocation()}: the demo folder holds the repository's own logs)`);
}

const root = path.join(repo, '.cache', 'demo');
const server = await CodeServer.start({ files, root, port });
console.log(`
Exchange Log Explorer is running in VS Code (code-server ${server.url}).
Open this address in a browser on this machine:

  ${server.folderUrl()}

The folder holds ${files.length} Exchange logs (${path.join(root, 'logs')}). Ctrl+C stops it.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.proc.once('exit', (code) => {
  if (!stopping) {
    console.error(`code-server stopped (exit code ${code}):\n${server.output.slice(-20).join('\n')}`);
    process.exit(1);
  }
});

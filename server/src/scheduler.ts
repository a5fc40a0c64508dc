/**
 * Background work after a document opens or changes: its model is completed and every session
 * summarised in short slices between requests, then its diagnostics are sent. Debounced per document.
 */
import { ServerContext } from './handlers/context';
import { lastAnswerAt } from './runner';
import { diagnosticOptions } from './settings';

const DIAGNOSTICS_DELAY_MS = 200;
/** Longest stretch of background work (record details, summaries) before requests are answered. */
const SLICE_MS = 5;
/** Background work waits this long after a request was answered, so that the answer goes out first. */
const AFTER_ANSWER_MS = 3;

export class Scheduler {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly server: ServerContext) {}

  /** Prepares the document's model and sends its diagnostics, shortly (a newer call starts over). */
  schedule(uri: string): void {
    this.cancel(uri);
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      void this.run(uri);
    }, DIAGNOSTICS_DELAY_MS));
  }

  cancel(uri: string): void {
    const existing = this.pending.get(uri);
    if (existing) clearTimeout(existing);
    this.pending.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const { documents, cache, service, settings, connection, log } = this.server;
    // vscode-jsonrpc reads requests and writes answers from setImmediate callbacks: the work below
    // runs in slices with such turns between them, and pauses while requests are being answered
    // (an answer is written a turn after its handler returns), so a big log's details and
    // summaries never hold back an answer for long.
    await pause();
    const first = documents.get(uri);
    if (!first || this.pending.has(uri)) return;
    const version = first.version;
    try {
      const partial = cache.getForFolding(first);
      for (;;) {
        const until = performance.now() + SLICE_MS;
        if (service.prepare(partial, () => performance.now() > until)) break;
        await pause();
        if (this.pending.has(uri) || documents.get(uri)?.version !== version) return;
      }
    } catch (e) {
      log(`Error while preparing ${uri}: ${e instanceof Error ? e.stack : String(e)}`);
    }
    const s = await settings.get();
    const doc = documents.get(uri);
    if (!doc || doc.version !== version) return;
    try {
      const model = cache.get(doc);
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: service.getDiagnostics(model, diagnosticOptions(s)) });
    } catch (e) {
      log(`Error in diagnostics: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The next turn of the event loop that comes at least AFTER_ANSWER_MS after the last answer. */
async function pause(): Promise<void> {
  do await turn();
  while (performance.now() - lastAnswerAt() < AFTER_ANSWER_MS);
}

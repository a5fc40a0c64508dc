/**
 * The files of a virtual workspace (no `file:` URIs: the server cannot read them) in the log collection.
 * The client sends each file once (`exchangeLog/indexLog`); it is indexed with the same code as a file
 * read from disk and kept in the collection under its URI (the index, not the text). When a question
 * needs such a file's lines again (the search view, a trace, Go to Time), the server asks the client for
 * its text (`exchangeLog/readFile`) before it runs the pure core, which reads texts synchronously.
 */
import { Connection } from 'vscode-languageserver';
import { ForgetLogsNotification, IndexLogRequest, ReadFileRequest } from '../../../protocol/src/index';
import type { IndexLogResult } from '../../../protocol/src/multiFileTypes';
import { isUriKey } from '../core/collection/collection';
import { t } from '../core/l10n';
import type { Logger } from '../runner';
import type { CollectionHandlers } from './collection';
import { keyOfUri } from './collection';
import type { ServerContext } from './context';

/** Characters of virtual files' text fetched for one question at most: the files past it are left out. */
const MAX_FETCHED_CHARS = 256 * 1024 * 1024;
/** Rounds of fetching for one question (a trace may ask more files once it has read some). */
const MAX_ROUNDS = 4;
/** Longest wait for the client's answer to `exchangeLog/readFile`. */
const READ_TIMEOUT_MS = 60_000;

/** The text of a collection file that is not on disk; undefined when not fetched (yet) or unreadable. */
export type VirtualText = (key: string) => string | undefined;

/** Fetches the texts of virtual files from the client for a question. */
export class VirtualTexts {
  constructor(private readonly connection: Connection, private readonly log: Logger) {}

  /**
   * Runs `compute`, which reads virtual files through `text`; when it asked for files not fetched yet,
   * fetches them from the client and runs it again with them (a question that reads only files on
   * disk runs once, exactly as without this).
   */
  async run<T>(compute: (text: VirtualText) => T): Promise<T> {
    const have = new Map<string, string | undefined>();
    let chars = 0;
    for (let round = 1; ; round++) {
      const missing: string[] = [];
      const result = compute((key) => {
        if (have.has(key)) return have.get(key);
        if (!missing.includes(key)) missing.push(key);
        return undefined;
      });
      if (missing.length === 0 || round >= MAX_ROUNDS) return result;
      for (const key of missing) {
        if (chars >= MAX_FETCHED_CHARS) {
          have.set(key, undefined);
          this.log(t('{0}: left out, the question already read {1} MB of files through the editor.', key, String(Math.round(MAX_FETCHED_CHARS / 1048576))));
          continue;
        }
        const text = await this.read(key);
        have.set(key, text);
        chars += text?.length ?? 0;
      }
    }
  }

  /** One file's text from the client (without a byte order mark), or undefined with a named warning. */
  async read(uri: string): Promise<string | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const answer = await Promise.race([
        this.connection.sendRequest(ReadFileRequest.type, { uri }),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS))),
      ]);
      if (answer === undefined) {
        this.log(t('{0}: the editor did not send the file in time; its lines are left out.', uri));
        return undefined;
      }
      if (typeof answer?.text !== 'string') {
        this.log(t('{0}: cannot be read ({1}); its lines are left out.', uri, typeof answer?.message === 'string' ? answer.message : '?'));
        return undefined;
      }
      return answer.text.charCodeAt(0) === 0xfeff ? answer.text.slice(1) : answer.text;
    } catch (e) {
      this.log(t('{0}: cannot be read ({1}); its lines are left out.', uri, e instanceof Error ? e.message : String(e)));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** True for a collection key the server cannot read from disk (a URI of another scheme than `file:`). */
export function isVirtualKey(key: string): boolean {
  return isUriKey(key) && !/^file:/i.test(key);
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** `exchangeLog/indexLog` and `exchangeLog/forgetLogs`: the files a client of a virtual workspace sends. */
export function registerVirtualFileHandlers(server: ServerContext, collection: CollectionHandlers): void {
  const { connection, log } = server;
  const notIndexed: IndexLogResult = { sessions: 0, accepted: false };

  connection.onRequest(IndexLogRequest.type, async (params): Promise<IndexLogResult> => {
    try {
      const service = collection.service;
      if (!service || typeof params?.uri !== 'string') return notIndexed;
      const key = keyOfUri(params.uri);
      if (key === undefined) return { ...notIndexed, warning: t('{0}: not a file the collection can hold; skipped.', params.uri) };
      const size = finite(params.size) ? params.size : undefined;
      const mtime = finite(params.mtime) ? params.mtime : undefined;
      const held = (): IndexLogResult | undefined => {
        if (size === undefined || mtime === undefined || !service.holds(key, size, mtime)) return undefined;
        collection.changed();
        const { sessions, events } = service.collection.factsOfPath(key)!;
        return { accepted: true, skipped: true, sessions, events, warning: service.collection.getFile(key)!.warning };
      };
      if (typeof params.text !== 'string') return held() ?? { ...notIndexed, needText: true };
      const skipped = held();
      if (skipped) return skipped;
      const bytes = Buffer.from(params.text, 'utf8');
      const done = await service.indexBytes(key, bytes, size ?? bytes.length, mtime ?? 0);
      if (done.warning) log(done.warning);
      collection.changed();
      return { accepted: service.collection.getFile(key) !== undefined, sessions: done.sessions, events: done.events, warning: done.warning };
    } catch (e) {
      log(`Error in ${IndexLogRequest.method}: ${e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)}`);
      return notIndexed;
    }
  });

  connection.onNotification(ForgetLogsNotification.type, (params) => {
    const service = collection.service;
    if (!service || !Array.isArray(params?.uris)) return;
    for (const uri of params.uris) {
      const key = typeof uri === 'string' ? keyOfUri(uri) : undefined;
      if (key !== undefined) service.forgetFile(key);
    }
    collection.changed();
  });
}

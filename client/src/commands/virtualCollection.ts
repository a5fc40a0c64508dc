/**
 * The log collection in a virtual workspace (GitHub Repositories, a remote file system, `memfs:`…): the
 * language server cannot read those files, so the extension reads them through `vscode.workspace.fs`,
 * one file in flight at a time, and sends each to the server (`exchangeLog/indexLog`), which indexes it
 * into the same collection as files on disk and keeps the index, not the text. Before a file is read,
 * the server is asked whether it holds it already at that size and time (in memory or in its cache):
 * reopening sends nothing again. When a question needs a file's lines again (the search view, a trace,
 * Go to Time), the server asks for its text (`exchangeLog/readFile`), answered here.
 * No log logic here: the client lists folders, reads bytes and shows progress.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ForgetLogsNotification, IndexLogRequest, ReadFileRequest, ReadFileResult } from '../../../protocol/src/index';
import { LANGUAGE_ID } from '../languages';

/** Files sent at most, the largest one read, and the bytes of all of them (what the server's index bears). */
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 100 * 1024 * 1024;
const MAX_TOTAL_BYTES = 5 * 1024 * 1024 * 1024;
/** Folders listed at most below one root (a link loop or a huge tree cannot trap the walk). */
const MAX_FOLDERS = 50_000;
/** A changed file is sent again after this quiet time. */
const RESEND_DELAY_MS = 2000;
/** Names of files that could not be indexed, listed in the warning at most. */
const NAMED_WARNINGS = 5;

const decoder = new TextDecoder('utf-8');

/** Where the streaming stands: the Log Collection view shows it. */
export interface StreamingProgress {
  done: number;
  total: number;
}

/** A manifest file name pattern (`[Rr][Ee][Cc][Vv]*.[Ll][Oo][Gg]`) as a regular expression. */
function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end > i) {
        source += `[${pattern.slice(i + 1, end).replace(/[\\^\]]/g, '\\$&')}]`;
        i = end;
        continue;
      }
    }
    source += c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

class VirtualCollection {
  private readonly queue: vscode.Uri[] = [];
  private readonly queued = new Set<string>();
  /** Bytes of the files the server holds from here, by URI. */
  private readonly held = new Map<string, number>();
  private heldBytes = 0;
  private readonly roots = new Map<string, vscode.Uri>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly warnings: string[] = [];
  private running: Promise<void> | undefined;
  private progress: StreamingProgress = { done: 0, total: 0 };
  private stopped = false;
  private limitSaid = false;
  private readonly names: RegExp[];
  private readonly glob: string;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    patterns: readonly string[],
    private readonly onProgress: (p: StreamingProgress | undefined) => void,
  ) {
    this.names = patterns.map(patternRegExp);
    this.glob = `**/{${patterns.join(',')}}`;
    context.subscriptions.push({
      dispose: () => {
        this.stopped = true;
        this.timers.forEach((t) => clearTimeout(t));
      },
    });
  }

  isLog(name: string): boolean {
    return this.names.some((r) => r.test(name));
  }

  /** Streams a folder (recursively) and keeps it current as its files change. */
  async addFolder(folder: vscode.Uri): Promise<void> {
    const key = folder.toString();
    if (!this.roots.has(key)) {
      this.roots.set(key, folder);
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, this.glob));
      this.context.subscriptions.push(
        watcher,
        watcher.onDidCreate((u) => this.later(u)),
        watcher.onDidChange((u) => this.later(u)),
        watcher.onDidDelete((u) => this.forget(u)),
      );
    }
    this.enqueue(await this.list(folder));
    await this.drain();
  }

  /** Lists every root again and sends what is new or changed (the server skips what it holds). */
  async rescan(): Promise<void> {
    for (const root of this.roots.values()) this.enqueue(await this.list(root));
    await this.drain();
  }

  /** The Exchange log files below a folder, by their names. */
  private async list(root: vscode.Uri): Promise<vscode.Uri[]> {
    const out: vscode.Uri[] = [];
    const stack = [root];
    let folders = 0;
    while (stack.length > 0 && !this.stopped && folders++ < MAX_FOLDERS && out.length < MAX_FILES) {
      const dir = stack.pop()!;
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch (e) {
        this.warnings.push(vscode.l10n.t('{0}: cannot be read ({1})', dir.toString(true), e instanceof Error ? e.message : String(e)));
        continue;
      }
      for (const [name, type] of entries) {
        // links to folders are not followed, as on disk
        if (type & vscode.FileType.SymbolicLink && type & vscode.FileType.Directory) continue;
        if (type & vscode.FileType.Directory) stack.push(vscode.Uri.joinPath(dir, name));
        else if (type & vscode.FileType.File && this.isLog(name)) out.push(vscode.Uri.joinPath(dir, name));
      }
    }
    return out.sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
  }

  private enqueue(uris: readonly vscode.Uri[]): void {
    for (const u of uris) {
      const key = u.toString();
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      this.queue.push(u);
      this.progress.total++;
    }
  }

  private later(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.enqueue([uri]);
      void this.drain();
    }, RESEND_DELAY_MS));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.heldBytes -= this.held.get(key) ?? 0;
    this.held.delete(key);
    void this.client.sendNotification(ForgetLogsNotification.type, { uris: [this.client.code2ProtocolConverter.asUri(uri)] });
  }

  /** Sends the queued files, one in flight at a time, with progress in the status bar and the view. */
  private drain(): Promise<void> {
    if (this.running) return this.running;
    if (this.queue.length === 0) {
      this.sayWarnings();
      return Promise.resolve();
    }
    this.running = (async () => {
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading Exchange logs through the editor') }, async (progress) => {
          this.onProgress(this.progress);
          while (this.queue.length > 0 && !this.stopped) {
            const uri = this.queue.shift()!;
            this.queued.delete(uri.toString());
            await this.send(uri);
            this.progress.done++;
            progress.report({ message: vscode.l10n.t('{0} of {1} files', this.progress.done, this.progress.total) });
            this.onProgress(this.progress);
          }
        });
      } finally {
        this.running = undefined;
        this.progress = { done: 0, total: 0 };
        this.onProgress(undefined);
        this.sayWarnings();
      }
    })();
    return this.running;
  }

  private async send(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const name = uri.toString(true);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) {
        this.warnings.push(vscode.l10n.t('{0}: larger than {1} MB, not indexed', name, Math.round(MAX_FILE_BYTES / 1048576)));
        return;
      }
      const before = this.held.get(key) ?? 0;
      if (!this.held.has(key) && (this.held.size >= MAX_FILES || this.heldBytes + stat.size > MAX_TOTAL_BYTES)) {
        if (!this.limitSaid) {
          this.limitSaid = true;
          this.warnings.push(vscode.l10n.t('the collection holds {0} files, {1} GB, read through the editor: the other files are not indexed', this.held.size, (this.heldBytes / 1073741824).toFixed(1)));
        }
        return;
      }
      const asUri = this.client.code2ProtocolConverter.asUri(uri);
      const known = await this.client.sendRequest(IndexLogRequest.type, { uri: asUri, size: stat.size, mtime: stat.mtime });
      let answer = known;
      if (!known.skipped) {
        const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
        answer = await this.client.sendRequest(IndexLogRequest.type, { uri: asUri, text, size: stat.size, mtime: stat.mtime });
      }
      if (answer.warning) this.warnings.push(answer.warning);
      if (answer.accepted) {
        this.held.set(key, stat.size);
        this.heldBytes += stat.size - before;
      }
    } catch (e) {
      this.warnings.push(vscode.l10n.t('{0}: cannot be read ({1})', name, e instanceof Error ? e.message : String(e)));
    }
  }

  /** One warning naming the files that could not be indexed; the others are. */
  private sayWarnings(): void {
    if (this.warnings.length === 0) return;
    const all = this.warnings.splice(0);
    const named = all.slice(0, NAMED_WARNINGS).join('; ');
    const more = all.length > NAMED_WARNINGS ? ' ' + vscode.l10n.t('(and {0} more)', all.length - NAMED_WARNINGS) : '';
    void vscode.window.showWarningMessage(vscode.l10n.t('Log collection: {0}{1}', named, more));
  }
}

let collection: VirtualCollection | undefined;

/**
 * Called once the language client runs: answers the server's `exchangeLog/readFile`, and streams the
 * workspace folders that are not on disk (unless `exchangeLog.collection.indexWorkspace` is off).
 */
export function startVirtualCollection(context: vscode.ExtensionContext, client: LanguageClient, onProgress: (p: StreamingProgress | undefined) => void): void {
  context.subscriptions.push(client.onRequest(ReadFileRequest.type, async (params): Promise<ReadFileResult> => {
    try {
      const text = decoder.decode(await vscode.workspace.fs.readFile(client.protocol2CodeConverter.asUri(params.uri)));
      return { text };
    } catch (e) {
      return { message: e instanceof Error ? e.message : String(e) };
    }
  }));
  collection = new VirtualCollection(context, client, logFilePatterns(context), onProgress);
  if (!vscode.workspace.getConfiguration('exchangeLog').get<boolean>('collection.indexWorkspace', true)) return;
  const virtual = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme !== 'file');
  void (async () => {
    for (const folder of virtual) await collection?.addFolder(folder.uri);
  })();
}

/** Streams a folder that is not on disk into the collection (Add Folder to Log Collection). */
export function streamFolder(folder: vscode.Uri): Promise<void> {
  return collection?.addFolder(folder) ?? Promise.resolve();
}

/** Sends what changed in the streamed folders (Index Log Collection Again). */
export function rescanStreamedFolders(): Promise<void> {
  return collection?.rescan() ?? Promise.resolve();
}

/** The file name patterns the manifest contributes for Exchange logs. */
function logFilePatterns(context: vscode.ExtensionContext): string[] {
  const languages = (context.extension.packageJSON?.contributes?.languages ?? []) as { id: string; filenamePatterns?: string[] }[];
  return languages.find((l) => l.id === LANGUAGE_ID)?.filenamePatterns ?? [];
}

/**
 * The collection as the language server holds it: the folders it covers (the workspace folders and the
 * folders the user added), the index kept up to date in the background, and the questions asked of it
 * while it is being built (answers say they are partial).
 */
import * as path from 'path';
import { CollectionIndex, CollectionTreeServer, isBelowFolder, isUriKey, pathKey } from '../core/collection/collection';
import { getCollectionSymbols } from '../core/collection/symbols';
import { SymbolInformation } from 'vscode-languageserver-types';
import { IndexCache } from './cache';
import { BytesIndexed, Indexer, IndexProgress, IndexRun } from './indexer';

/** How long decoded text outlives the last question asked of the collection. */
const FORGET_AFTER_MS = 2 * 60_000;

export interface CollectionServiceOptions {
  /** The cache folder; undefined: no cache (the setting turned it off, or no storage was given). */
  cacheDir?: string;
  locale?: string;
  bundle?: Record<string, string>;
  threads?: number;
}

export interface IndexProgressSink {
  report(p: IndexProgress): void;
  cancelled(): boolean;
}

export class CollectionService {
  readonly collection = new CollectionIndex();
  private readonly roots = new Map<string, string>();
  /** Folders of a virtual workspace (URIs): the client streams their files (`indexBytes`). */
  private readonly virtualRoots = new Map<string, string>();
  private indexer: Indexer;
  private running: Promise<IndexRun> | undefined;
  private again = false;
  private lastRun: IndexRun | undefined;
  private forgetTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private options: CollectionServiceOptions) {
    this.indexer = new Indexer(this.collection, options);
  }

  /** True while files are being read: answers cover what is read so far. */
  get indexing(): boolean {
    return this.running !== undefined;
  }

  get lastRunResult(): IndexRun | undefined {
    return this.lastRun;
  }

  folders(): string[] {
    return [...this.roots.values()];
  }

  /** Sets the folders (replacing the previous set); files of folders no longer covered leave the index. */
  setFolders(folders: readonly string[]): void {
    const next = new Map(folders.map((f) => [key(f), path.resolve(f)]));
    for (const [k, f] of this.roots) if (!next.has(k)) this.forgetFolder(f);
    this.roots.clear();
    for (const [k, f] of next) this.roots.set(k, f);
  }

  addFolder(folder: string): void {
    this.roots.set(key(folder), path.resolve(folder));
  }

  /** The virtual folders (URIs) whose files the client sends. */
  virtualFolders(): string[] {
    return [...this.virtualRoots.values()];
  }

  addVirtualFolder(uri: string): void {
    this.virtualRoots.set(pathKey(uri.replace(/\/+$/, '')), uri);
  }

  /** Drops a virtual folder and the files below it. */
  removeVirtualFolder(uri: string): void {
    const k = pathKey(uri.replace(/\/+$/, ''));
    this.virtualRoots.delete(k);
    for (const [, file] of [...this.collection.files()]) {
      if (isBelowFolder(pathKey(file.path), k, '/')) this.indexer.forget(file.path);
    }
  }

  /** True when the collection (or its cache, which then fills it) holds the file `key` at this size and time. */
  holds(key: string, size: number, mtime: number): boolean {
    return this.indexer.holds(key, size, mtime);
  }

  /** Indexes a file the client sent (a virtual workspace's), as a file read from disk is. */
  indexBytes(key: string, bytes: Uint8Array, size: number, mtime: number): Promise<BytesIndexed> {
    return this.indexer.indexBytes(key, bytes, size, mtime);
  }

  /** Forgets a file the client sent (deleted, or no longer wanted). */
  forgetFile(key: string): void {
    this.indexer.forget(key);
  }

  private forgetFolder(folder: string): void {
    const k = key(folder);
    for (const [, file] of [...this.collection.files()]) {
      // a file the client sent (a URI) is below no folder on disk
      if (isUriKey(file.path)) continue;
      const fk = key(file.path);
      if (isBelowFolder(fk, k, '/' + path.sep)) this.collection.removeFile(file.path);
    }
  }

  /** Reads what changed below the folders; a second call while one runs is run once after it. */
  async refresh(progress?: IndexProgressSink): Promise<IndexRun> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let run: IndexRun;
      do {
        this.again = false;
        run = await this.indexer.index(this.folders(), (p) => progress?.report(p), () => progress?.cancelled() ?? false);
      } while (this.again && !run.cancelled);
      return run;
    })();
    try {
      this.lastRun = await this.running;
      return this.lastRun;
    } finally {
      this.running = undefined;
      this.collection.forgetDecoded();
    }
  }

  /**
   * Call after answering a question from the index: what it decoded (text, times) is kept for the
   * questions that follow in a row (a search typed letter by letter, a report then its rows) and let go
   * after `FORGET_AFTER_MS` without one.
   */
  asked(): void {
    if (this.forgetTimer) clearTimeout(this.forgetTimer);
    this.forgetTimer = setTimeout(() => {
      this.forgetTimer = undefined;
      this.collection.forgetDecoded();
    }, FORGET_AFTER_MS);
    this.forgetTimer.unref?.();
  }

  tree(uriOf: (path: string) => string): CollectionTreeServer[] {
    return this.collection.tree(uriOf);
  }

  symbols(query: string, uriOf: (p: string) => string, skip: (p: string) => boolean, limit?: number): SymbolInformation[] {
    const out = getCollectionSymbols(this.collection, query, { uriOf, skip, limit });
    this.asked();
    return out;
  }

  /** Deletes the cache's entries; the index in memory stays. */
  clearCache(): number {
    return this.options.cacheDir ? new IndexCache(this.options.cacheDir).clear() : 0;
  }

  /** Turns the cache on or off (a new indexer; what is indexed stays). */
  setCacheDir(dir: string | undefined): void {
    if (dir === this.options.cacheDir) return;
    this.options = { ...this.options, cacheDir: dir };
    void this.indexer.dispose();
    this.indexer = new Indexer(this.collection, this.options);
  }

  async dispose(): Promise<void> {
    if (this.forgetTimer) clearTimeout(this.forgetTimer);
    await this.indexer.dispose();
  }
}

function key(p: string): string {
  const r = path.resolve(p);
  return process.platform === 'win32' ? r.toLowerCase() : r;
}

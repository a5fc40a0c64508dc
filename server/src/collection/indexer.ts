/**
 * Indexing a collection: lists the log files below the given folders, takes what the cache already
 * holds (same path, size and time), reads the rest in worker threads (one per core) — only the appended
 * bytes of a file that grew — and hands each file's parts to the collection as they arrive, so that
 * questions can be asked while it runs. Progress is reported in files and bytes; a run can be cancelled.
 */
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { Worker } from 'worker_threads';
import { t } from '../core/l10n';
import { rollOverKey } from '../core/model/fileNames';
import { CollectionIndex, IndexedFile, isBelowFolder, pathKey } from '../core/collection/collection';
import { Part, decodePart } from '../core/collection/part';
import { IndexCache } from './cache';
import { FoundFile, findLogFiles } from './files';
import { WorkerJob, WorkerMessage, WorkerSetup } from './indexWorker';
import { ReadStart } from './readParts';
import type { CollectionProgress, CollectionRefreshResult } from '../../../protocol/src/collectionTypes';

/** What a run has done so far, and what it did: the protocol's types, which the view and the CLI show. */
export type IndexProgress = CollectionProgress;
export type IndexRun = CollectionRefreshResult;

/**
 * The young generation of a worker thread's heap, in MB. A file's parse makes much short-lived garbage;
 * the default (some 32 MB per thread) holds it longer than needed. With 8 MB the peak memory of indexing
 * 1 GB fell from 310-338 MB to 205-212 MB. Since message-tracking logs beyond ASCII are read as Latin-1
 * (texts held outside the heap), 8 MB also beats 4 MB at 5 GB: 368-378 MB against 387-392 MB peak, with
 * half the young collections (docs/performance.md).
 */
const WORKER_YOUNG_MB = 8;

/**
 * How much a heap may grow past what a full collection left live before the next one, in percent.
 * V8 chooses up to 300% for a small heap: a worker thread's heap then grew to some 100 MB between full
 * collections, and the ASCII text of each file (held outside the heap, freed by a full collection)
 * piled up meanwhile. V8 reads this setting for every heap of the process; the language server's own
 * heap gets it too.
 */
const HEAP_GROWING_PERCENT = 30;
let heapGrowthSet = false;

/** Jobs given to a worker thread at a time: it has the next file as soon as it is done with one. */
const JOBS_PER_THREAD = 2;

export interface IndexerOptions {
  /** The cache folder; none: no cache. */
  cacheDir?: string;
  /** Worker threads (default: one per core). */
  threads?: number;
  locale?: string;
  bundle?: Record<string, string>;
  /** Bytes per chunk of a big file (tests make it small). */
  chunkBytes?: number;
}

interface Pending {
  found: FoundFile;
  start?: ReadStart;
  /** Parts kept from before (a file that grew). */
  kept: Part[];
  keptBytes: number;
}

/** What became of a file a client sent (`Indexer.indexBytes`). */
export interface BytesIndexed {
  sessions: number;
  events: number;
  warning?: string;
}

export class Indexer {
  private workers: Worker[] = [];
  private readonly cache: IndexCache | undefined;
  /** Job ids, unique across runs: a file a client sends may be read while a run reads the disk. */
  private jobs = 0;

  constructor(readonly collection: CollectionIndex, private readonly options: IndexerOptions = {}) {
    this.cache = options.cacheDir ? new IndexCache(options.cacheDir) : undefined;
  }

  /** Indexes (or refreshes) the logs below `roots`. */
  async index(roots: readonly string[], onProgress?: (p: IndexProgress) => void, cancelled: () => boolean = () => false): Promise<IndexRun> {
    const started = performance.now();
    const warnings: string[] = [];
    const walk = await findLogFiles(roots, { cancelled });
    warnings.push(...walk.warnings);
    const run: IndexRun = { files: walk.files.length, read: 0, appended: 0, cached: 0, bytesRead: 0, warnings, cancelled: false, elapsedMs: 0 };
    // files of these roots that are gone
    const present = new Set(walk.files.map((f) => pathKey(f.path)));
    const rootKeys = roots.map((r) => pathKey(path.resolve(r)));
    for (const [, file] of [...this.collection.files()]) {
      const key = pathKey(file.path);
      if (!present.has(key) && rootKeys.some((r) => isBelowFolder(key, r, '/' + path.sep))) {
        this.collection.removeFile(file.path);
        this.cache?.delete(file.path);
      }
    }
    const pending: Pending[] = [];
    for (const found of walk.files) {
      if (cancelled()) break;
      const known = this.collection.getFile(found.path);
      if (known && known.size === found.size && known.mtime === found.mtime) {
        run.cached++;
        continue;
      }
      let base: IndexedFile | undefined = known;
      if (!base && this.cache) {
        const hit = this.cache.read(found.path);
        if (hit.state === 'hit') {
          base = { path: found.path, size: hit.entry.size, mtime: hit.entry.mtime, parts: hit.entry.parts, warning: hit.entry.warning };
          if (hit.entry.size === found.size && hit.entry.mtime === found.mtime) {
            this.collection.setFile(base);
            run.cached++;
            continue;
          }
        } else if (hit.state === 'rejected') {
          warnings.push(t('{0}: its cached index was not usable ({1}); read again.', found.path, hit.reason));
        }
      }
      pending.push(grownFrom(found, base));
    }
    const totalBytes = pending.reduce((n, p) => n + p.found.size - (p.start?.byteStart ?? 0), 0);
    let files = run.cached, bytes = 0;
    const report = () => onProgress?.({ files, totalFiles: walk.files.length, bytes, totalBytes, cached: run.cached, elapsedMs: performance.now() - started });
    report();
    const threads = Math.max(1, Math.min(this.options.threads ?? os.availableParallelism?.() ?? os.cpus().length, pending.length));
    readingOrder(pending, (p) => p.found, threads);
    this.ensureWorkers(threads);
    let next = 0;
    let lastReport = 0;
    const readOne = async (slot: number): Promise<void> => {
      const p = pending[next++];
      let doneBefore = 0;
      const result = await this.runJob(this.workerAt(slot), {
        job: ++this.jobs,
        path: p.found.path,
        size: p.found.size,
        mtime: p.found.mtime,
        start: p.start,
        cacheDir: p.start ? undefined : this.cache?.dir,
      }, (done) => {
        bytes += done - doneBefore;
        doneBefore = done;
        const now = performance.now();
        if (now - lastReport > 200) {
          lastReport = now;
          report();
        }
      });
      bytes += result.bytes - doneBefore;
      files++;
      if ('failed' in result) {
        warnings.push(t('{0}: could not be indexed ({1}).', p.found.path, result.failed));
        return;
      }
      // the worker has just encoded them: their heads are read, their contents trusted
      const parts = [...p.kept, ...result.parts.map((bytes) => decodePart(bytes, false))];
      if (result.warning) warnings.push(result.warning);
      const entry: IndexedFile = { path: p.found.path, size: p.found.size, mtime: p.found.mtime, parts, warning: result.warning };
      this.collection.setFile(entry);
      run.bytesRead += result.bytes;
      if (p.start) {
        run.appended++;
        try {
          this.cache?.write({ ...entry, bytes: p.keptBytes + result.bytes });
        } catch (e) {
          warnings.push(t('The index cache could not be written ({0}).', e instanceof Error ? e.message : String(e)));
        }
      } else run.read++;
      report();
    };
    // Two jobs in flight per thread: a thread starts its next file while this thread takes in the
    // result of the last one, instead of waiting for it (1 GB indexed some 4% faster).
    const lane = async (slot: number) => {
      while (next < pending.length && !cancelled()) await readOne(slot);
    };
    await Promise.all(Array.from({ length: threads * JOBS_PER_THREAD }, (_, i) => lane(i % threads)));
    run.cancelled = cancelled();
    run.elapsedMs = performance.now() - started;
    report();
    return run;
  }

  /**
   * True when the collection holds `key` at this size and time, or the cache does (then the collection
   * takes it from there): a file a client sends again unchanged is not read again.
   */
  holds(key: string, size: number, mtime: number): boolean {
    const known = this.collection.getFile(key);
    if (known && known.size === size && known.mtime === mtime) return true;
    if (!this.cache) return false;
    const hit = this.cache.read(key);
    if (hit.state !== 'hit' || hit.entry.size !== size || hit.entry.mtime !== mtime) return false;
    this.collection.setFile({ path: key, size, mtime, parts: hit.entry.parts, warning: hit.entry.warning });
    return true;
  }

  /**
   * Indexes the bytes of a file that is not on disk (a virtual workspace's file the client sent), in a
   * worker thread with the same code as a file read from disk, and sets it in the collection under
   * `key` (its URI); its cache entry is written as for a file on disk. The bytes are handed to the thread.
   */
  async indexBytes(key: string, bytes: Uint8Array, size: number, mtime: number): Promise<BytesIndexed> {
    const worker = this.workerAt(0);
    const copy = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const result = await this.runJob(worker, { job: ++this.jobs, path: key, size, mtime, cacheDir: this.cache?.dir, bytes: copy }, () => undefined, [copy.buffer as ArrayBuffer]);
    if ('failed' in result) {
      return { sessions: 0, events: 0, warning: t('{0}: could not be indexed ({1}).', key, result.failed) };
    }
    const parts = result.parts.map((b) => decodePart(b, false));
    this.collection.setFile({ path: key, size, mtime, parts, warning: result.warning });
    const { sessions, events } = this.collection.factsOfPath(key)!;
    return { sessions, events, warning: result.warning };
  }

  /** Forgets a file a client sent: out of the collection and its cache. */
  forget(key: string): void {
    this.collection.removeFile(key);
    this.cache?.delete(key);
  }

  /** The worker thread of a slot; one that stopped (it failed) is replaced. */
  private workerAt(slot: number): Worker {
    this.ensureWorkers(slot + 1);
    return this.workers[slot];
  }

  private ensureWorkers(n: number): void {
    if (!heapGrowthSet) {
      heapGrowthSet = true;
      v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    }
    while (this.workers.length < n) {
      const setup: WorkerSetup = { locale: this.options.locale ?? 'en', bundle: this.options.bundle };
      const worker = new Worker(path.join(__dirname, 'indexWorker.js'), { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      worker.unref();
      this.workers.push(worker);
    }
  }

  private runJob(worker: Worker, job: WorkerJob, onProgress: (bytes: number) => void, transfer: ArrayBuffer[] = []): Promise<{ parts: Uint8Array[]; bytes: number; warning?: string } | { failed: string; bytes: number }> {
    return new Promise((resolve) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.job !== job.job) return;
        if ('progress' in m) {
          onProgress(m.progress);
          return;
        }
        cleanup();
        if ('failed' in m) resolve({ failed: m.failed, bytes: 0 });
        else resolve({ parts: m.parts, bytes: m.bytes, warning: m.warning });
      };
      const onError = (e: Error) => {
        cleanup();
        // a worker that died is replaced
        this.workers = this.workers.filter((w) => w !== worker);
        resolve({ failed: e.message, bytes: 0 });
      };
      // a thread stopped meanwhile (the indexer was replaced: the cache setting changed) answers nothing more
      const onExit = () => onError(new Error('the indexing thread stopped'));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job, transfer);
    });
  }

  /** Stops the worker threads. */
  async dispose(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Puts `files` in the order they are read: the biggest first, so that the threads end together, but
 * before them, for each log (`RECV`, `SEND`, `MSGTRKMS`… by file name), its `perLog` smallest files, a
 * log after another. A thread's JIT compiles its hot code after the first files it reads; when those were
 * of every log, the compiled code covers them all, instead of being thrown away and compiled again each
 * time a new kind of file shows up (1 GB: the background compiling fell from about 9 to 7 s of CPU, the
 * cold index some 9% faster; docs/performance.md).
 */
export function readingOrder<T>(files: T[], found: (item: T) => { path: string; size: number }, perLog: number): void {
  files.sort((a, b) => found(b).size - found(a).size);
  // each log's smallest files, from the end of the list
  const byLog = new Map<string, T[]>();
  for (let i = files.length - 1; i >= 0; i--) {
    const log = rollOverKey(path.basename(found(files[i]).path)).family;
    let smallest = byLog.get(log);
    if (!smallest) byLog.set(log, (smallest = []));
    if (smallest.length < perLog) smallest.push(files[i]);
  }
  const first: T[] = [];
  for (let round = 0; round < perLog; round++) {
    for (const smallest of byLog.values()) if (round < smallest.length) first.push(smallest[round]);
  }
  const chosen = new Set(first);
  const ordered = [...first, ...files.filter((f) => !chosen.has(f))];
  for (let i = 0; i < ordered.length; i++) files[i] = ordered[i];
}

/**
 * What to read of a file that was indexed before: only the bytes after what was read, when the file
 * grew and its earlier bytes are those indexed (it only grew); otherwise all of it.
 */
function grownFrom(found: FoundFile, base: IndexedFile | undefined): Pending {
  if (!base || found.size <= base.size || base.parts.length === 0) return { found, kept: [], keptBytes: 0 };
  const kept = [...base.parts];
  // a part that ended mid-line is read again with the rest of its line
  while (kept.length > 0 && !kept[kept.length - 1].meta.place.endsWithBreak) kept.pop();
  const last = kept[kept.length - 1];
  if (!last) return { found, kept: [], keptBytes: 0 };
  const lines = countLinesOf(last);
  return {
    found,
    kept,
    keptBytes: last.meta.place.byteEnd,
    start: { byteStart: last.meta.place.byteEnd, lineOffset: last.meta.place.lineOffset + lines, headerPrefix: last.meta.header },
  };
}

/** Line breaks in a part (it ends with one): the lines it covers. */
function countLinesOf(part: Part): number {
  return part.meta.lines;
}

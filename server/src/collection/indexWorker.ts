/**
 * A worker thread of the indexer: reads the files it is given with `readParts` (or the bytes it is given,
 * for a file a client sent, with `readPartsOfBytes`) and sends back each
 * file's parts as bytes (transferred, not copied). Built to dist/indexWorker.js.
 */
import { parentPort, workerData } from 'worker_threads';
import { configureL10n } from '../core/l10n';
import { encodePart } from '../core/collection/part';
import { IndexCache } from './cache';
import { ReadStart, readParts, readPartsOfBytes, releaseReadBuffer } from './readParts';

/** An idle thread lets its read buffer go after this long. */
const IDLE_MS = 2000;

export interface WorkerJob {
  job: number;
  path: string;
  size: number;
  mtime: number;
  start?: ReadStart;
  /** Write the file's cache entry here (a whole file read from its top). */
  cacheDir?: string;
  /** The file's bytes, when it is not on disk (a virtual workspace's file the client sent): read instead of `path`. */
  bytes?: Uint8Array;
}

export type WorkerMessage =
  | { job: number; progress: number }
  | { job: number; done: true; parts: Uint8Array[]; bytes: number; warning?: string }
  | { job: number; failed: string };

export interface WorkerSetup {
  locale: string;
  bundle?: Record<string, string>;
}

if (parentPort) {
  const port = parentPort;
  const setup = workerData as WorkerSetup | undefined;
  configureL10n(setup?.locale ?? 'en', setup?.bundle);
  let idle: ReturnType<typeof setTimeout> | undefined;
  port.on('message', (job: WorkerJob) => {
    clearTimeout(idle);
    try {
      // progress after each chunk but the last: the result says that one
      const total = job.size - (job.start?.byteStart ?? 0);
      const progress = (bytes: number) => {
        if (bytes < total) port.postMessage({ job: job.job, progress: bytes } satisfies WorkerMessage);
      };
      const result = job.bytes ? readPartsOfBytes(job.path, job.bytes, progress) : readParts(job.path, job.size, job.start, progress);
      const parts = result.parts.map(encodePart);
      if (job.cacheDir && !job.start) {
        try {
          new IndexCache(job.cacheDir).write({ path: job.path, size: job.size, mtime: job.mtime, bytes: result.bytes, warning: result.warning, parts: result.parts }, parts);
        } catch {
          // the index works without its cache; the next run reads the file again
        }
      }
      port.postMessage({ job: job.job, done: true, parts, bytes: result.bytes, warning: result.warning } satisfies WorkerMessage, parts.map((p) => p.buffer as ArrayBuffer));
    } catch (e) {
      port.postMessage({ job: job.job, failed: e instanceof Error ? e.message : String(e) } satisfies WorkerMessage);
    }
    idle = setTimeout(releaseReadBuffer, IDLE_MS);
    idle.unref();
  });
}

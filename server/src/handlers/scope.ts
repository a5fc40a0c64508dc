/**
 * What a question about the collection (search, report, trace) covers: the collection, or the files
 * below some folders of it, or — when the collection holds no logs, or the question names an open
 * document the collection does not hold (an untitled editor, a file outside the folders) — that one
 * document, indexed in memory with the same code as a collected file.
 */
import type { QueryScope } from '../../../protocol/src/queryTypes';
import { CollectionIndex, isBelowFolder, pathKey } from '../core/collection/collection';
import { indexPart } from '../core/collection/part';
import type { CollectionHandlers } from './collection';
import { keyOfUri, uriOfKey } from './collection';
import type { ServerContext } from './context';

export interface QueryTarget {
  index: CollectionIndex;
  /** The files covered; undefined: every file of `index`. */
  files?: (path: string) => boolean;
  /** Names a file of `index` as a URI. */
  uriOf: (path: string) => string;
  source: 'collection' | 'document';
  /** The collection is being indexed: answers cover what is read so far. */
  partial: boolean;
}

/** A document indexed for questions: kept for its version until another document is asked about. */
interface DocumentIndex {
  uri: string;
  version: number;
  index: CollectionIndex;
}

export interface ScopeResolver {
  /** Undefined when there is nothing to ask: no collection file in scope and no open document. */
  resolve(scope: QueryScope): QueryTarget | undefined;
}

export function createScopeResolver(server: ServerContext, collection: CollectionHandlers): ScopeResolver {
  let last: DocumentIndex | undefined;

  const documentTarget = (uri: string): QueryTarget | undefined => {
    const doc = server.documents.get(uri);
    if (!doc) return undefined;
    if (!last || last.uri !== uri || last.version !== doc.version) {
      const text = doc.getText().replace(/^\uFEFF/, '');
      const index = new CollectionIndex();
      const part = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, uri);
      index.setFile({ path: uri, size: text.length, mtime: 0, parts: [part] });
      last = { uri, version: doc.version, index };
    }
    return { index: last.index, uriOf: (p) => p, source: 'document', partial: false };
  };

  const below = (roots: string[]) => {
    const keys = roots.map((r) => pathKey(r).replace(/[\\/]+$/, ''));
    return (p: string) => {
      const k = pathKey(p);
      return keys.some((r) => isBelowFolder(k, r));
    };
  };

  return {
    resolve(scope) {
      const service = collection.service;
      const index = service?.collection;
      const held = (p: string) => !!index?.getFile(p);
      let hasFiles = false;
      if (index) for (const _ of index.files()) { hasFiles = true; break; }
      const doc = scope.textDocument?.uri;
      const docPath = doc ? keyOfUri(doc) : undefined;
      if (doc && (!hasFiles || (scope.within?.includes(doc) && !(docPath && held(docPath))))) return documentTarget(doc);
      if (!index || !service) return undefined;
      // before the first file is read, an empty answer that says it is partial (asked again as files come)
      if (!hasFiles && !service.indexing) return undefined;
      service.asked();
      const roots = (scope.within ?? []).filter((u) => typeof u === 'string').map(keyOfUri).filter((p): p is string => p !== undefined);
      return {
        index,
        files: roots.length > 0 ? below(roots) : undefined,
        uriOf: uriOfKey,
        source: 'collection',
        partial: service.indexing,
      };
    },
  };
}

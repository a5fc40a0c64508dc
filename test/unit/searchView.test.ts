/**
 * The search view over a generated two-server collection: the sessions chosen (as a search would
 * find them) and nothing else, every line tied to its own file and line, one fold per session, a
 * session that crosses an hourly roll-over taken from each file it runs through, the limits said on the
 * second line. The expected lines come from the files' text (by their session column), not from the parser.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configureL10n } from '../../server/src/core/l10n';
import { indexPart } from '../../server/src/core/collection/part';
import { CollectionIndex, SessionRef, sessionCells } from '../../server/src/core/collection/collection';
import { buildSearchView, linesOf } from '../../server/src/core/collection/searchView';
import { HEADING, oneLineSummary } from '../../server/src/core/features/sessionView';
import { parseLog } from '../../server/src/core/model/logModel';
import { getSessionSummary } from '../../server/src/core/summary/sessionSummary';
import { buildCollection } from '../helpers/generateCollection';

configureL10n('en', undefined);

const generated = buildCollection({ servers: ['EX01', 'EX02'], targetBytes: 700 * 1024, fileLimitBytes: 48 * 1024, seed: 11, imap: false });
const index = new CollectionIndex();
const texts = new Map<string, string>();
for (const f of generated.files) {
  const p = `/c/${f.path}`;
  texts.set(p, f.text);
  const part = indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, p);
  index.setFile({ path: p, size: f.bytes, mtime: 1, parts: [part] });
}
const uriOf = (p: string) => `file://${p}`;
const pathOf = (uri: string) => uri.slice('file://'.length);
const refs = [...index.sessions()];
const read: string[] = [];
const readText = (p: string) => {
  read.push(p);
  return texts.get(p);
};

/** The session column of each record line of a file, by its `#Fields` line. */
function sessionIdsOf(text: string): (string | undefined)[] {
  let col = -1;
  return text.split('\r\n').map((line) => {
    if (line.startsWith('#Fields: ')) {
      const names = line.slice(9).split(',');
      col = names.indexOf('session-id') >= 0 ? names.indexOf('session-id') : names.indexOf('session');
      return undefined;
    }
    if (line.startsWith('#') || line === '' || col < 0) return undefined;
    return line.split(',')[col];
  });
}

/** Every (file, line) of the sessions of `chosen`, in the files of their kind and chain. */
function expectedLines(chosen: SessionRef[]): Set<string> {
  const out = new Set<string>();
  for (const ref of chosen) {
    const c = sessionCells(ref);
    const chain = index.factsOf(ref.file).chain;
    for (const [i, f] of index.files()) {
      const facts = index.factsOf(i);
      if (facts.chain !== chain || facts.kind !== c.kind) continue;
      sessionIdsOf(texts.get(f.path)!).forEach((id, line) => {
        if (id === c.id) out.add(`${f.path}:${line}`);
      });
    }
  }
  return out;
}

test('the view holds the chosen sessions, each line the line of its own file, one fold and one heading per session', () => {
  // the receive sessions of one remote address, and a session that crosses a roll-over
  const joined = refs.find((r) => r.lastFile !== r.file && sessionCells(r).kind === 'smtpReceive');
  assert.ok(joined, 'a receive session crosses a roll-over');
  const remote = sessionCells(refs.filter((r) => sessionCells(r).kind === 'smtpReceive' && sessionCells(r).remote)[7]).remote!;
  const ip = remote.replace(/:\d+$/, '');
  const chosen = refs.filter((r) => r === joined || (sessionCells(r).kind === 'smtpReceive' && (sessionCells(r).remote ?? '').replace(/:\d+$/, '') === ip));
  assert.ok(chosen.length >= 3, `sessions chosen: ${chosen.length}`);
  read.length = 0;
  const { view, shown, filesRead } = buildSearchView(index, { query: `remote:${ip}`, refs: chosen, total: chosen.length, partial: false, uriOf, readText });
  assert.equal(shown, chosen.length);
  assert.equal(filesRead, new Set(read).size, 'each file read once');
  assert.equal(read.length, new Set(read).size, 'each file read once');

  const lines = view.text.split('\n').slice(0, -1);
  assert.equal(lines.length, view.sourceLines.length);
  assert.equal(lines.length, view.sourceFiles.length);
  assert.match(lines[0], new RegExp(`^${HEADING}Search: remote:${ip.replace(/\./g, '\\.')} · ${chosen.length} matching sessions · `));

  // every log line of the view is the line of its file, and they are exactly the chosen sessions' lines
  const seen = new Set<string>();
  lines.forEach((text, i) => {
    const file = view.sourceFiles[i], line = view.sourceLines[i];
    if (file < 0 || line < 0 || text.startsWith(HEADING) || text.startsWith('  ')) return;
    const p = pathOf(view.sources[file]);
    assert.equal(text, texts.get(p)!.split('\r\n')[line], `view line ${i + 1}`);
    seen.add(`${p}:${line}`);
  });
  assert.deepEqual([...seen].sort(), [...expectedLines(chosen)].sort());

  // one heading and one fold per session, the heading at the session's first line, with its server and file
  const headings = lines.map((l, i) => ({ l, i })).filter(({ l, i }) => i > 0 && l.startsWith(HEADING));
  assert.equal(headings.length, chosen.length);
  assert.equal(view.folds.length, chosen.length);
  assert.deepEqual(view.folds.map((f) => f.startLine), headings.map((h) => h.i));
  for (const ref of chosen) {
    const c = sessionCells(ref);
    const h = headings.find(({ l }) => l.startsWith(`${HEADING}${c.id} `));
    assert.ok(h, `a heading for ${c.id}`);
    assert.equal(pathOf(view.sources[view.sourceFiles[h.i]]), index.file(ref.file)!.path);
    assert.equal(view.sourceLines[h.i], c.firstLine);
    const server = index.factsOf(ref.file).server;
    assert.ok(h.l.includes(` · ${server} · ${index.file(ref.file)!.path.split('/').pop()}`), h.l);
    if (ref.lastFile === ref.file) {
      // the summary of the lines read around it is the summary of the whole file's session
      const model = parseLog(texts.get(index.file(ref.file)!.path)!, { uri: uriOf(index.file(ref.file)!.path) });
      const summary = oneLineSummary(getSessionSummary(model, model.sessionById.get(c.id)!));
      assert.equal(h.l, `${HEADING}${summary} · ${server} · ${index.file(ref.file)!.path.split('/').pop()}`);
    }
  }
  const joinedHeading = headings.find(({ l }) => l.startsWith(`${HEADING}${sessionCells(joined).id} `))!;
  assert.match(joinedHeading.l, / · in \d+ files/);
  // in time order
  const starts = headings.map(({ l }) => sessionCells(chosen.find((r) => l.startsWith(`${HEADING}${sessionCells(r).id} `))!).start);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
});

test('past the limit the view keeps the earliest sessions and says so on its second line; a partial answer says so', () => {
  const chosen = refs.filter((r) => sessionCells(r).kind === 'smtpReceive' && sessionCells(r).outcome === 'rejected');
  assert.ok(chosen.length > 5, `rejected sessions: ${chosen.length}`);
  const { view, shown } = buildSearchView(index, { query: 'outcome:rejected', refs: chosen, total: chosen.length + 10, partial: true, uriOf, readText, maxSessions: 4 });
  assert.equal(shown, 4);
  const lines = view.text.split('\n');
  assert.match(lines[0], /· 4 of \d+ matching sessions · .* · partial: the collection is being indexed$/);
  assert.match(lines[1], new RegExp(`^  The view shows the first 4 of ${chosen.length + 10} matching sessions, in time order .*The collection is still being indexed`));
  const earliest = [...chosen].sort((a, b) => sessionCells(a).start - sessionCells(b).start).slice(0, 4).map((r) => sessionCells(r).id);
  const ids = lines.filter((l, i) => i > 0 && l.startsWith(HEADING)).map((l) => l.slice(HEADING.length).split(' ')[0]);
  assert.deepEqual(ids.sort(), earliest.sort());
});

test('no match: a view that says so; a file that cannot be read is left out', () => {
  const none = buildSearchView(index, { query: 'remote:192.0.2.255', refs: [], total: 0, partial: false, uriOf, readText });
  assert.equal(none.shown, 0);
  assert.deepEqual(none.view.folds, []);
  assert.match(none.view.text, /0 matching sessions/);
  assert.match(none.view.text, /No session matches this search\./);
  const some = refs.filter((r) => sessionCells(r).kind === 'smtpReceive').slice(0, 3);
  const gone = index.file(some[0].file)!.path;
  const partial = buildSearchView(index, { query: 'x', refs: some, total: 3, partial: false, uriOf, readText: (p) => (p === gone ? undefined : texts.get(p)) });
  assert.ok(!partial.view.sources.includes(uriOf(gone)));
  assert.equal(partial.shown, some.filter((r) => index.file(r.file)!.path !== gone).length);
});

test('the lines around the sessions wanted: each span with the header block in force before it, once, and each line\'s file line', () => {
  const file = ['\ufeff#Software: A', '#Fields: a,b', 'r2', 'r3', 'r4', '#Software: B', '#Fields: a,b,c', 'r7', 'r8', 'r9', 'r10'].join('\r\n') + '\r\n';
  const some = linesOf(file, [[8, 8], [3, 3], [2, 3], [10, Infinity]]);
  assert.deepEqual(some.lineMap, [0, 1, 2, 3, 5, 6, 8, 10]);
  assert.deepEqual(some.text.split('\n').slice(0, -1), ['\ufeff#Software: A\r', '#Fields: a,b\r', 'r2\r', 'r3\r', '#Software: B\r', '#Fields: a,b,c\r', 'r8\r', 'r10\r']);
  // a span after the first header only: the second header is not taken
  assert.deepEqual(linesOf(file, [[4, 4]]).lineMap, [0, 1, 4]);
  assert.deepEqual(linesOf(file, []), { text: '', lineMap: [] });
  // a file without a header, without a last line break
  assert.deepEqual(linesOf('x0\nx1\nx2', [[1, 5]]), { text: 'x1\nx2\n', lineMap: [1, 2] });
});

test('two sessions of the index with the same id (in two files) are two sessions of the view, as the search counts them', () => {
  // a collection where two servers' IMAP4 back-end logs each hold a session 00000000000000E1 (the ids
  // are a small counter per server): two sessions, not one cut by a roll-over
  const other = buildCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024, seed: 31 });
  const index = new CollectionIndex();
  const texts = new Map<string, string>();
  for (const f of other.files) {
    const p = `/d/${f.path}`;
    texts.set(p, f.text);
    index.setFile({ path: p, size: f.bytes, mtime: 1, parts: [indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, p)] });
  }
  const byId = new Map<string, SessionRef[]>();
  for (const r of index.sessions()) {
    const c = sessionCells(r);
    byId.set(`${c.kind} ${c.id}`, [...(byId.get(`${c.kind} ${c.id}`) ?? []), r]);
  }
  const pair = [...byId.values()].find((list) => list.length === 2 && list[0].file !== list[1].file);
  assert.ok(pair, 'two files with a session of the same id');
  assert.notEqual(index.factsOf(pair[0].file).server, index.factsOf(pair[1].file).server, 'the files of two servers');
  const { view, shown } = buildSearchView(index, { query: `id:${sessionCells(pair[0]).id}`, refs: pair, total: 2, partial: false, uriOf, readText: (p) => texts.get(p) });
  assert.equal(shown, 2);
  assert.equal(view.folds.length, 2);
  const files = view.folds.map((f) => pathOf(view.sources[view.sourceFiles[f.startLine]])).sort();
  assert.deepEqual(files, pair.map((r) => index.file(r.file)!.path).sort());
  // each fold holds the lines of its own file only
  for (const f of view.folds) {
    const file = view.sourceFiles[f.startLine];
    for (let l = f.startLine + 1; l <= f.endLine; l++) if (view.sourceLines[l] >= 0) assert.equal(view.sourceFiles[l], file);
  }
});

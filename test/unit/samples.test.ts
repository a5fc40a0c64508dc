/** Every log of our fixtures, and every real sample when present, parses with the expected kind, column count and sessions. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLog } from '../../server/src/core/model/logModel';
import { getLanguageService } from '../../server/src/core/languageService';
import { LogFile, fixtureLogs, sampleFiles } from '../helpers/paths';
import { layeredTest, samplesSkipReason } from '../helpers/layers';

interface Expect { kind: string; columns: number; records: number; sessions: number; }

const FIXTURES: Record<string, Expect> = {
  'connectivity/CONNECTLOG20240322-1.LOG': { kind: 'connectivity', columns: 6, records: 11, sessions: 3 },
  'imap4/IMAP420240320-1.LOG': { kind: 'imap4', columns: 12, records: 14, sessions: 4 },
  'imap4/IMAP420240320-2.LOG': { kind: 'imap4', columns: 12, records: 4, sessions: 1 },
  'imap4/IMAP420240321-1.LOG': { kind: 'imap4', columns: 13, records: 3, sessions: 1 },
  'msgtrk/MSGTRK20240323-1.LOG': { kind: 'messageTracking', columns: 26, records: 3, sessions: 1 },
  'msgtrk/MSGTRK2024032417-1.LOG': { kind: 'messageTracking', columns: 27, records: 2, sessions: 2 },
  'msgtrk/MSGTRK2024032609-excerpt.log': { kind: 'messageTracking', columns: 30, records: 1, sessions: 1 },
  'msgtrk/MSGTRKMS2024032508-1.LOG': { kind: 'messageTracking', columns: 30, records: 2, sessions: 1 },
  'pop3/POP320240321-1.LOG': { kind: 'pop3', columns: 13, records: 4, sessions: 1 },
  'smtp-receive/RECV2024031409-1.LOG': { kind: 'smtpReceive', columns: 9, records: 16, sessions: 1 },
  'smtp-receive/RECV20240315-1.LOG': { kind: 'smtpReceive', columns: 9, records: 18, sessions: 1 },
  'smtp-receive/RECV2024031604-ehlo-lines.log': { kind: 'smtpReceive', columns: 9, records: 5, sessions: 5 },
  'smtp-receive/RECV20240317-1.LOG': { kind: 'smtpReceive', columns: 9, records: 2, sessions: 1 },
  'smtp-receive/RECV2024031710-excerpt.log': { kind: 'smtpReceive', columns: 9, records: 8, sessions: 2 },
  'smtp-send/SEND2024031811-excerpt.log': { kind: 'smtpSend', columns: 9, records: 8, sessions: 2 },
  'smtp-send/SEND2024031914-1-MANGLED.LOG': { kind: 'smtpSend', columns: 9, records: 16, sessions: 1 },
  'w3c-smtp/ex240323.log': { kind: 'w3c', columns: 21, records: 22, sessions: 6 },
  'other-exchange/AgentLog20240325-1.LOG': { kind: 'generic', columns: 20, records: 5, sessions: 5 },
  'other-exchange/Ews_HttpProxy_2024032509-1.LOG': { kind: 'generic', columns: 74, records: 6, sessions: 0 },
  'other-exchange/Ews_2024032510-1.LOG': { kind: 'generic', columns: 40, records: 5, sessions: 0 },
  'other-exchange/audit20240325-1.LOG': { kind: 'generic', columns: 12, records: 2, sessions: 0 },
};

const SAMPLES: Record<string, Expect> = {
  'connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log': { kind: 'connectivity', columns: 6, records: 5, sessions: 2 },
  'imap4/elastic-integrations-pipeline-test-imap4.log': { kind: 'imap4', columns: 13, records: 3, sessions: 1 },
  'imap4/msqa-112837-ex2013-imap-shared-mailbox-logondenied.log': { kind: 'imap4', columns: 12, records: 4, sessions: 1 },
  'imap4/msqa-1156767-ex2013cu23-imap-login-failed.log': { kind: 'imap4', columns: 12, records: 14, sessions: 4 },
  'msgtrk/elastic-beats-bom8-ex2010-msgtrk.log': { kind: 'messageTracking', columns: 26, records: 2, sessions: 0 },
  'msgtrk/kinesistap-ex2013-amazon-msgtrk.log': { kind: 'messageTracking', columns: 27, records: 2, sessions: 2 },
  'msgtrk/leweafan-filebeat-modules-ex2016-routing-resolve.log': { kind: 'messageTracking', columns: 30, records: 1, sessions: 1 },
  'msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log': { kind: 'messageTracking', columns: 30, records: 2, sessions: 1 },
  'pop3/elastic-integrations-pipeline-test-pop3.log': { kind: 'pop3', columns: 13, records: 3, sessions: 1 },
  'smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log': { kind: 'smtpReceive', columns: 9, records: 18, sessions: 1 },
  'smtp-receive/blog-ylmf-pc-ex2010-ehlo-filtered.log': { kind: 'smtpReceive', columns: 9, records: 5, sessions: 1 },
  'smtp-receive/elastic-integrations-pipeline-test-smtpreceive.log': { kind: 'smtpReceive', columns: 9, records: 4, sessions: 2 },
  'smtp-receive/qazeer-artefacts-RECV2023011116-1.log': { kind: 'smtpReceive', columns: 9, records: 16, sessions: 1 },
  'smtp-receive/rmilne-readme-ex2010-header-internet-mail.log': { kind: 'smtpReceive', columns: 9, records: 2, sessions: 1 },
  'smtp-send/elastic-integrations-pipeline-test-smtpsend.log': { kind: 'smtpSend', columns: 9, records: 3, sessions: 2 },
  'smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log': { kind: 'smtpSend', columns: 9, records: 16, sessions: 1 },
  'w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log': { kind: 'w3c', columns: 21, records: 37, sessions: 11 },
  'other-exchange/qazeer-artefacts-AgentLog20220913-1.log': { kind: 'generic', columns: 20, records: 2, sessions: 2 },
  'other-exchange/qazeer-artefacts-Owa_HttpProxy_2023010602-1.log': { kind: 'generic', columns: 74, records: 1, sessions: 0 },
  'other-exchange/kinesistap-ex2013-amazon-ews.log': { kind: 'generic', columns: 72, records: 7, sessions: 0 },
  'other-exchange/qazeer-artefacts-audit20230111-1.log': { kind: 'generic', columns: 12, records: 1, sessions: 0 },
};

interface Layer {
  files: LogFile[];
  expected: Record<string, Expect>;
  minFiles: number;
  /** An SMTP receive log with its header, a repeated and a missing sequence number. */
  recv: string;
  recvRepeated: number[];
  recvMissing: number[];
  /** A message tracking log that starts with a byte-order mark, 26 fields. */
  bom: string;
  /** A CSV-compatible EWS log. */
  ews: string;
  /** The send log whose `#` prefixes and two `*` events were eaten. */
  mangled: string;
}

const find = (l: Layer, name: string) => {
  const f = l.files.find((s) => s.name === name);
  assert.ok(f, `missing ${name}`);
  return f.text;
};

const LAYERS = {
  fixtures: (): Layer => ({
    files: fixtureLogs(), expected: FIXTURES, minFiles: 25,
    recv: 'smtp-receive/RECV2024031409-1.LOG', recvRepeated: [15], recvMissing: [13],
    bom: 'msgtrk/MSGTRK20240323-1.LOG', ews: 'other-exchange/Ews_2024032510-1.LOG', mangled: 'smtp-send/SEND2024031914-1-MANGLED.LOG',
  }),
  samples: (): Layer => ({
    files: sampleFiles(), expected: SAMPLES, minFiles: 40,
    recv: 'smtp-receive/qazeer-artefacts-RECV2023011116-1.log', recvRepeated: [15], recvMissing: [13],
    bom: 'msgtrk/elastic-beats-bom8-ex2010-msgtrk.log', ews: 'other-exchange/kinesistap-ex2013-amazon-ews.log', mangled: 'smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log',
  }),
};

layeredTest('the samples folder holds the expected files', LAYERS, (l) => {
  assert.ok(l.files.length >= l.minFiles, `found ${l.files.length} samples`);
  for (const name of Object.keys(l.expected)) assert.ok(l.files.some((s) => s.name === name), `missing sample ${name}`);
});

function checkParses(s: LogFile, exp: Expect | undefined): void {
  const base = s.name.split('/').pop()!;
  const model = parseLog(s.text, { uri: `file:///logs/${base}` });
  // Every non-blank line is classified, and every record's range lies inside its line.
  for (const r of model.records) {
    assert.ok(r.start >= model.lineStarts[r.line] && r.end <= model.lineEnds[r.line]);
  }
  if (exp) {
    assert.equal(model.kind, exp.kind);
    assert.equal(model.records.get(0).layout.names.length, exp.columns);
    assert.equal(model.records.length, exp.records);
    assert.equal(model.sessions.length, exp.sessions);
  } else if (s.folder === 'other-exchange') {
    assert.equal(model.kind, 'generic');
  }
  // Every feature answers without throwing.
  const ls = getLanguageService();
  ls.getFoldingRanges(model);
  ls.getDocumentSymbols(model);
  ls.getDiagnostics(model);
  for (let line = 0; line < model.lineStarts.length; line++) ls.doHover(model, { line, character: 1 });
}

for (const s of fixtureLogs()) test(`fixture ${s.name} parses`, () => checkParses(s, FIXTURES[s.name]));
const skip = samplesSkipReason();
if (skip) test('sample files parse', { skip }, () => {});
else for (const s of sampleFiles()) test(`sample ${s.name} parses`, () => checkParses(s, SAMPLES[s.name]));

layeredTest('header-bearing samples read their #Fields, not a default', LAYERS, (l) => {
  const m = parseLog(find(l, l.recv));
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].logType, 'SMTP Receive Protocol Log');
  assert.equal(m.records.get(0).layout.inferred, false);
  const trk = find(l, l.bom);
  assert.ok(trk.startsWith('\ufeff'), 'the BOM sample keeps its BOM');
  const mt = parseLog(trk);
  assert.equal(mt.blocks[0].software, 'Microsoft Exchange Server');
  assert.equal(mt.blocks[0].fields!.length, 26);
});

layeredTest('the RECV sample records its repeated and missing sequence numbers', LAYERS, (l) => {
  const m = parseLog(find(l, l.recv));
  assert.deepEqual(m.sessions[0].duplicateSeqs, l.recvRepeated);
  assert.deepEqual(m.sessions[0].missingSeqs, l.recvMissing);
});

layeredTest('the CSV-compatible EWS log: a bare field-name row, then the header', LAYERS, (l) => {
  const m = parseLog(find(l, l.ews));
  assert.equal(m.lineType[0], 2 /* FieldNames */);
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].startLine, 1);
});

layeredTest('the MANGLED send log: directives without # are still read, with problems', LAYERS, (l) => {
  const m = parseLog(find(l, l.mangled));
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].fields!.length, 9);
  assert.equal(m.problems.filter((p) => p.code === 'damaged-directive').length, 5);
  assert.equal(m.problems.filter((p) => p.code === 'unknown-event').length, 2);
});

/** Every real sample parses with the expected kind, column count and sessions. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLog } from '../../server/src/core/model/logModel';
import { getLanguageService } from '../../server/src/core/languageService';
import { sampleFiles } from '../helpers/paths';

interface Expect { kind: string; columns: number; records: number; sessions: number; }

const EXPECTED: Record<string, Expect> = {
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

const samples = sampleFiles();

test('the samples folder holds the expected files', () => {
  assert.ok(samples.length >= 40, `found ${samples.length} samples`);
  for (const name of Object.keys(EXPECTED)) assert.ok(samples.some((s) => s.name === name), `missing sample ${name}`);
});

for (const s of samples) {
  test(`sample ${s.name} parses`, () => {
    const base = s.name.split('/').pop()!;
    const model = parseLog(s.text, { uri: `file:///logs/${base}` });
    const exp = EXPECTED[s.name];
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
  });
}

test('header-bearing samples read their #Fields, not a default', () => {
  const recv = samples.find((s) => s.name === 'smtp-receive/qazeer-artefacts-RECV2023011116-1.log')!;
  const m = parseLog(recv.text);
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].logType, 'SMTP Receive Protocol Log');
  assert.equal(m.records.get(0).layout.inferred, false);
  const trk = samples.find((s) => s.name === 'msgtrk/elastic-beats-bom8-ex2010-msgtrk.log')!;
  assert.ok(trk.text.startsWith('\ufeff'), 'the BOM sample keeps its BOM');
  const mt = parseLog(trk.text);
  assert.equal(mt.blocks[0].software, 'Microsoft Exchange Server');
  assert.equal(mt.blocks[0].fields!.length, 26);
});

test('the RECV sample records its repeated and missing sequence numbers', () => {
  const recv = samples.find((s) => s.name === 'smtp-receive/qazeer-artefacts-RECV2023011116-1.log')!;
  const m = parseLog(recv.text);
  assert.deepEqual(m.sessions[0].duplicateSeqs, [15]);
  assert.deepEqual(m.sessions[0].missingSeqs, [13]);
});

test('the CSV-compatible EWS log: a bare field-name row, then the header', () => {
  const ews = samples.find((s) => s.name === 'other-exchange/kinesistap-ex2013-amazon-ews.log')!;
  const m = parseLog(ews.text);
  assert.equal(m.lineType[0], 2 /* FieldNames */);
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].startLine, 1);
});

test('the MANGLED send log: directives without # are still read, with problems', () => {
  const s = samples.find((x) => x.name.includes('MANGLED'))!;
  const m = parseLog(s.text);
  assert.equal(m.blocks.length, 1);
  assert.equal(m.blocks[0].fields!.length, 9);
  assert.equal(m.problems.filter((p) => p.code === 'damaged-directive').length, 5);
  assert.equal(m.problems.filter((p) => p.code === 'unknown-event').length, 2);
});

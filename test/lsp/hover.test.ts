/** Explaining hovers over real JSON-RPC, in English and in Brazilian Portuguese. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';

const uri = 'file:///logs/RECV2024030510-1.LOG';
const recv = fixture('recv-interleaved.log');
const lines = recv.replace(/^\ufeff/, '').split(/\r?\n/);

function at(line: number, needle: string): { line: number; character: number } {
  const c = lines[line].indexOf(needle);
  assert.ok(c >= 0, needle);
  return { line, character: c + 1 + (line === 0 ? 1 : 0) };
}

function plain(h: Hover): string {
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  return (h.contents as MarkupContent).value.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

let en: LspClient;
let pt: LspClient;

before(async () => {
  en = new LspClient();
  await en.initialize({ locale: 'en' });
  await en.open(uri, recv);
  pt = new LspClient();
  await pt.initialize({ locale: 'pt-br' });
  await pt.open(uri, recv);
});

after(async () => {
  assert.equal(await en.shutdown(), 0);
  assert.equal(await pt.shutdown(), 0);
  assert.deepEqual(en.stderr.join('') + pt.stderr.join(''), '');
});

test('reply code, enhanced code and session summary over JSON-RPC', async () => {
  const reply = plain(await en.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(15, '250 2.1.5') }));
  assert.match(reply, /Reply code 250\*\* Requested action completed/);
  assert.match(reply, /Detail\*\*: The recipient address is valid/);
  const session = plain(await en.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(9, '08DC3C0A00000001') }));
  assert.match(session, /\*\*Session\*\* 08DC3C0A00000001 · 11 events/);
  assert.match(session, /MAIL FROM\*\*: alice@fabrikam\.com/);
  assert.match(session, /Outcome:\*\* Ended without a message/);
});

test('a server initialised in pt-br explains a reply code and summarises a session in Portuguese', async () => {
  const reply = plain(await pt.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(15, '250 2.1.5') }));
  assert.match(reply, /Código de resposta 250\*\* Ação pedida concluída\./);
  assert.match(reply, /Código de status estendido 2\.1\.5/);
  assert.match(reply, /Classe 2\*\*: Sucesso\./);
  assert.match(reply, /Detalhe\*\*: O endereço do destinatário é válido\./);
  const session = plain(await pt.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(9, '08DC3C0A00000001') }));
  assert.match(session, /\*\*Sessão\*\* 08DC3C0A00000001 · 11 eventos · linhas 6–20/);
  assert.match(session, /Endpoint remoto\*\*: 203\.0\.113\.7:50001/);
  assert.match(session, /RCPT TO\*\*: 1 destinatário: bob@contoso\.com/);
  assert.match(session, /Duração\*\*: 2,01 s/);
  assert.match(session, /Resultado:\*\* Terminou sem mensagem\./);
  const dropped = plain(await pt.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(17, 'Remote(') }));
  assert.match(dropped, /Por que a sessão terminou\./);
  assert.match(dropped, /10054 WSAECONNRESET · O lado remoto reiniciou \(reset\) a conexão\./);
});

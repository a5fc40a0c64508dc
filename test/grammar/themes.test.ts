/**
 * Resolves the foreground colours VS Code's default themes give our tokens, with the theme files that
 * ship in code-server (test/helpers/vscodeInstall.ts) and vscode-textmate's own theme matching.
 * If the themes are missing the test fails and says how to install them.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import { fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';
import { requireThemesDir } from '../helpers/vscodeInstall';
import { loadGrammar, splitLines } from './tm';

/** Strips // and block comments and trailing commas (outside strings) so JSONC parses as JSON. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
    } else if (c === '"') {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

type RawSetting = vsctm.IRawTheme['settings'][number];

interface ThemeFile {
  name?: string;
  type?: string;
  include?: string;
  colors?: Record<string, string>;
  tokenColors?: RawSetting[] | string;
}

/** A theme as VS Code builds it: the include chain's token colours, parent first, after a default rule. */
export function loadTheme(dir: string, file: string): { name: string; chain: string[]; theme: vsctm.IRawTheme; editorForeground: string } {
  const chain: string[] = [];
  const settings: RawSetting[] = [];
  const colors: Record<string, string> = {};
  let name = file;
  let type = file.startsWith('hc_light') || file.startsWith('light') ? 'light' : 'dark';
  const visit = (f: string): void => {
    const full = path.join(dir, f);
    const json = parseJsonc(fs.readFileSync(full, 'utf8')) as ThemeFile;
    chain.push(path.basename(f));
    if (json.include) visit(path.join(path.dirname(f), json.include));
    if (typeof json.tokenColors === 'string') {
      const tc = parseJsonc(fs.readFileSync(path.join(dir, path.dirname(f), json.tokenColors), 'utf8')) as { settings?: RawSetting[] } | RawSetting[];
      settings.push(...(Array.isArray(tc) ? tc : tc.settings ?? []));
    } else if (json.tokenColors) {
      settings.push(...json.tokenColors);
    }
    Object.assign(colors, json.colors ?? {});
    if (f === file && json.name) name = json.name;
    if (f === file && json.type) type = json.type;
  };
  visit(file);
  const editorForeground = colors['editor.foreground'] ?? (type === 'light' ? '#000000' : '#FFFFFF');
  const editorBackground = colors['editor.background'] ?? (type === 'light' ? '#FFFFFF' : '#000000');
  return {
    name,
    chain,
    theme: { name, settings: [{ settings: { foreground: editorForeground, background: editorBackground } }, ...settings] },
    editorForeground: editorForeground.toUpperCase(),
  };
}

const THEMES: { file: string; chain: string[] }[] = [
  { file: 'dark_modern.json', chain: ['dark_modern.json', 'dark_plus.json', 'dark_vs.json'] },
  { file: 'light_modern.json', chain: ['light_modern.json', 'light_plus.json', 'light_vs.json'] },
  { file: 'hc_black.json', chain: ['hc_black.json'] },
  { file: 'hc_light.json', chain: ['hc_light.json'] },
];

/** Foreground colour (upper-case #RRGGBB) of each character of a line, in the given theme. */
async function colourer(theme: vsctm.IRawTheme) {
  const { registry, grammar } = await loadGrammar(theme);
  const colorMap = registry.getColorMap();
  return (lines: string[]): string[][] => {
    let stack = vsctm.INITIAL;
    return lines.map((line) => {
      const r = grammar.tokenizeLine2(line, stack);
      stack = r.ruleStack;
      const out: string[] = new Array(line.length);
      const toks = r.tokens;
      for (let k = 0; k < toks.length; k += 2) {
        const start = toks[k];
        const end = k + 2 < toks.length ? toks[k + 2] : line.length;
        const fg = (toks[k + 1] & 0x00ff8000) >>> 15;
        for (let i = start; i < end && i < line.length; i++) out[i] = (colorMap[fg] ?? '?').toUpperCase();
      }
      return out;
    });
  };
}

/** An SMTP receive session (events 0 to 17, the EHLO at 3 and the server's reply at 4) and a connectivity log. */
const LOGS = {
  fixtures: () => ({ recv: splitLines(fixtureLog('smtp-receive/RECV20240315-1.LOG')), conn: splitLines(fixtureLog('connectivity/CONNECTLOG20240322-1.LOG')) }),
  samples: () => ({ recv: splitLines(readSample('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log')), conn: splitLines(readSample('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log')) }),
};

/** Colour of the character just after the `n`-th `,` of a line (the event column is preceded by 6 commas). */
function colourAfterComma(colours: string[], line: string, n: number, offset = 0): string {
  let at = -1;
  for (let i = 0; i < n; i++) at = line.indexOf(',', at + 1);
  return colours[at + 1 + offset];
}

for (const { file, chain } of THEMES) {
  layeredTest(`default theme ${file}: five event characters, five colours; sent and received data differ; reply classes differ`, LOGS, async ({ recv: RECV_TARPIT, conn: CONN }) => {
    const dir = requireThemesDir();
    const t = loadTheme(dir, file);
    assert.deepEqual(t.chain, chain, `include chain of ${file}`);
    const colour = await colourer(t.theme);
    const c = colour(RECV_TARPIT);
    const line = (seq: number) => RECV_TARPIT.findIndex((l) => l.split(',')[3] === String(seq));
    const ev = (seq: number) => colourAfterComma(c[line(seq)], RECV_TARPIT[line(seq)], 6);
    const events: Record<string, string> = { '+': ev(0), '*': ev(1), '>': ev(2), '<': ev(3), '-': ev(17) };
    for (const [ch, col] of Object.entries(events)) {
      assert.notEqual(col, t.editorForeground, `${t.name}: event ${ch} has the plain editor foreground`);
    }
    assert.equal(new Set(Object.values(events)).size, 5, `${t.name}: event colours ${JSON.stringify(events)}`);

    // The connectivity log's direction column uses the same colours.
    const cc = colour(CONN);
    const direction = (d: string) => CONN.findIndex((l) => l.split(',')[4] === d);
    const [plus, sentDir, minus] = [direction('+'), direction('>'), direction('-')];
    assert.equal(colourAfterComma(cc[plus], CONN[plus], 4), events['+'], `${t.name}: connectivity +`);
    assert.equal(colourAfterComma(cc[sentDir], CONN[sentDir], 4), events['>'], `${t.name}: connectivity >`);
    assert.equal(colourAfterComma(cc[minus], CONN[minus], 4), events['-'], `${t.name}: connectivity -`);

    // Sent and received text: the EHLO name (received) vs the server's name in its reply (sent).
    const recvLine = line(3);
    const sentLine = line(4);
    const received = colourAfterComma(c[recvLine], RECV_TARPIT[recvLine], 7, 5); // the first letter after 'EHLO '
    const sent = colourAfterComma(c[sentLine], RECV_TARPIT[sentLine], 7, 4); // the first letter after '250-'
    assert.notEqual(sent, received, `${t.name}: sent and received data share ${sent}`);
    for (const x of [sent, received]) assert.notEqual(x, t.editorForeground, `${t.name}: data is uncoloured`);

    // Reply codes by class: 250 (normal), 452 (warning-like), 550 (error-like), and the verb colour.
    const fx = [
      '2024-03-01T10:00:01.020Z,EX01\\Default,08DC3A0000000001,2,10.0.0.6:25,203.0.113.9:5000,>,250 2.1.0 Sender OK,',
      '2024-03-01T10:00:01.060Z,EX01\\Default,08DC3A0000000001,6,10.0.0.6:25,203.0.113.9:5000,>,452 4.3.1 Insufficient system resources,',
      '2024-03-01T10:00:01.040Z,EX01\\Default,08DC3A0000000001,4,10.0.0.6:25,203.0.113.9:5000,>,550 5.1.10 Recipient not found,',
    ];
    const fc = colour(fx);
    const code = (i: number) => colourAfterComma(fc[i], fx[i], 7);
    const [ok, warn, err] = [code(0), code(1), code(2)];
    assert.equal(new Set([ok, warn, err, sent]).size, 4, `${t.name}: 2xx ${ok}, 4xx ${warn}, 5xx ${err}, sent text ${sent}`);
    assert.notEqual(warn, t.editorForeground);
    assert.notEqual(err, t.editorForeground);
  });
}

test('JSONC parsing handles comments, trailing commas and comment-like text in strings', () => {
  const v = parseJsonc('{ // c\n "a": "http://x/*y*/", /* b */ "b": [1, 2,], }') as { a: string; b: number[] };
  assert.equal(v.a, 'http://x/*y*/');
  assert.deepEqual(v.b, [1, 2]);
});

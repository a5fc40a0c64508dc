/**
 * `npm run bench:grammar`: the grammar target alone (no servers). Generates 10 MB of every kind and
 * prints, per kind, the time to tokenize every line with our grammar, with a grammar with no pattern
 * with a one-pattern (`\w+`) grammar and with a "columns-only" grammar (one regex, one scoped capture
 * per column: the least a grammar that colours columns costs), median of `--runs=N` (default 3), and
 * how many times our grammar calls the regular expression engine per line.
 *
 *   npm run bench:grammar [-- --runs=5] [--mb=10] [--kinds=smtpReceive,imap4]
 */
import * as os from 'os';
import { GeneratedKind, generateLog } from './generateLogs';
import { grammarCost, scannerCounts } from './grammarCost';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(arg('runs') ?? 3);
const mb = Number(arg('mb') ?? 10);
const ALL: GeneratedKind[] = ['smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity', 'messageTracking'];
const kinds = (arg('kinds')?.split(',') as GeneratedKind[] | undefined) ?? ALL;

async function main(): Promise<void> {
  const out: string[] = [
    '| file | MB | lines | ours ms | no-pattern ms | ours / no-pattern | one-pattern ms | ours / one-pattern | columns-only ms (/ no-pattern) | engine calls per line | engine strings per line |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const kind of kinds) {
    process.stderr.write(`grammar ${kind} ${mb} MB…\n`);
    const text = generateLog(kind, mb * 1024 * 1024, 1);
    const c = await scannerCounts(text);
    const g = await grammarCost(text, runs);
    out.push(`| ${kind} (generated) | ${mb} | ${c.lines} | ${g.ours.toFixed(0)} | ${g.plain.toFixed(0)} | ${(g.ours / g.plain).toFixed(2)} | ${g.onePattern.toFixed(0)} | ${(g.ours / g.onePattern).toFixed(2)} | ${g.columns.toFixed(0)} (${(g.columns / g.plain).toFixed(2)}) | ${(c.scans / c.lines).toFixed(2)} | ${(c.strings / c.lines).toFixed(2)} |`);
  }
  console.log(out.join('\n'));
  console.log(`\nMedian of ${runs} runs. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

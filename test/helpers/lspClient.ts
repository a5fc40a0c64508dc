/** A minimal LSP client over real JSON-RPC: spawns `node dist/server.js --stdio`. */
import { pathToFileURL } from 'url';
import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import {
  InitializeResult, ProtocolConnection, StreamMessageReader, StreamMessageWriter, createProtocolConnection,
  PublishDiagnosticsParams, PublishDiagnosticsNotification,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths';

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly proc: ChildProcess;
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  private readonly diagnosticWaiters: ((p: PublishDiagnosticsParams) => void)[] = [];
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** The `exchangeLog` settings answered to `workspace/configuration` (when initialised with settings). */
  settings: Record<string, unknown> | undefined;
  /** Server-to-client requests received, by method (e.g. `workspace/configuration`). */
  readonly serverRequests: string[] = [];

  /** Spawns `script` (default: the bundled server, dist/server.js) with `--stdio`. */
  constructor(args: string[] = [], script = path.join(repoRoot(), 'dist', 'server.js'), nodeArgs: string[] = []) {
    this.proc = spawn(process.execPath, [...nodeArgs, script, '--stdio', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.diagnosticWaiters.splice(0)) w(p);
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.proc.pid!;
  }

  get exited(): boolean {
    return this.proc.exitCode !== null;
  }

  async initialize(options: {
    locale?: string; rangeLimit?: number; settings?: Record<string, unknown>;
    /** Workspace folders (paths) the server indexes as its log collection. */
    workspaceFolders?: string[];
    /** Workspace folders given as URIs as they are (a virtual workspace's: `vscode-vfs://…`, `memfs:/…`). */
    workspaceFolderUris?: string[];
    initializationOptions?: Record<string, unknown>;
    /** The client supports work-done progress created by the server. */
    progress?: boolean;
  } = {}): Promise<InitializeResult> {
    if (options.settings) {
      this.settings = options.settings;
      this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
        this.serverRequests.push('workspace/configuration');
        return p.items.map((i) => (i.section === 'exchangeLog' ? this.settings : null));
      });
      this.connection.onRequest('client/registerCapability', () => {
        this.serverRequests.push('client/registerCapability');
        return null;
      });
      for (const m of ['workspace/codeLens/refresh', 'workspace/inlayHint/refresh']) {
        this.connection.onRequest(m, () => {
          this.serverRequests.push(m);
          return null;
        });
      }
    }
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      locale: options.locale,
      workspaceFolders: options.workspaceFolders || options.workspaceFolderUris
        ? [
          ...(options.workspaceFolders ?? []).map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })),
          ...(options.workspaceFolderUris ?? []).map((uri) => ({ uri, name: uri.split('/').pop() || uri })),
        ]
        : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        ...(options.progress ? { window: { workDoneProgress: true } } : {}),
        ...(options.settings ? {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            codeLens: { refreshSupport: true },
            inlayHint: { refreshSupport: true },
          },
        } : {}),
        textDocument: {
          foldingRange: options.rangeLimit ? { rangeLimit: options.rangeLimit } : {},
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    }) as InitializeResult;
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Changes the settings and tells the server, as VS Code does (it then pulls them again). */
  changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { exchangeLog: settings } });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'exchange-log', version, text },
    });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Resolves with the next diagnostics published for `uri` (or the ones already there when `existing`). */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && predicate(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), timeoutMs);
      const waiter = (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && predicate(p)) {
          clearTimeout(timer);
          resolve(p);
        } else this.diagnosticWaiters.push(waiter);
      };
      this.diagnosticWaiters.push(waiter);
    });
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.on('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }

  /** Shuts down and checks the server was healthy: exit code 0, nothing on stderr, no error logged. */
  async shutdownHealthy(): Promise<void> {
    const code = await this.shutdown();
    if (code !== 0) throw new Error(`the server exited with ${code}`);
    if (this.stderr.join('') !== '') throw new Error(`the server wrote to stderr: ${this.stderr.join('')}`);
    const errors = this.logs.filter((l) => /Error/.test(l));
    if (errors.length > 0) throw new Error(`the server logged errors: ${errors.join('\n')}`);
  }

  kill(): void {
    this.connection.dispose();
    this.proc.kill();
  }
}

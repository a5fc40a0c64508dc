/**
 * A small typed helper for commands: each family (one file under `commands/`) is a factory that
 * receives the shared context and returns its commands; `registerCommands` registers them all.
 * A command's handler returns what it did, so tests can drive it with `executeCommand` and check.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { escapeIcons } from '../statusBar';

export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  /** The language client, started on first use. */
  client(): Promise<LanguageClient>;
}

export interface Command<A extends unknown[] = unknown[], R = unknown> {
  readonly id: string;
  run(...args: A): R | Promise<R>;
}

/** Declares a command with typed arguments and result. */
export function command<A extends unknown[], R>(id: string, run: (...args: A) => R | Promise<R>): Command<A, R> {
  return { id, run };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any[], unknown>;

/** A family of commands built from the shared context. */
export type CommandFactory = (ctx: CommandContext) => readonly AnyCommand[];

export function registerCommands(ctx: CommandContext, ...families: CommandFactory[]): void {
  for (const family of families) {
    for (const c of family(ctx)) {
      ctx.extension.subscriptions.push(vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
        try {
          return await c.run(...args);
        } catch (e) {
          const detail = e instanceof Error ? e.message : String(e);
          void vscode.window.showErrorMessage(vscode.l10n.t('Exchange Log: the command failed: {0}', detail));
          throw e;
        }
      }));
    }
  }
}

let statusMessage: vscode.Disposable | undefined;

/** A short message in the status bar (replacing the previous one); log text shows no icons. */
export function flashStatus(message: string, timeoutMs = 4000): void {
  statusMessage?.dispose();
  statusMessage = vscode.window.setStatusBarMessage(`$(info) ${escapeIcons(message)}`, timeoutMs);
}

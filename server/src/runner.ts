/** Error and cancellation safety for request handlers: no handler throws to the client. */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export type Logger = (message: string) => void;

let answeredAt = -Infinity;

/** When a request handler last returned (`performance.now()`): background work lets its answer go out first. */
export function lastAnswerAt(): number {
  return answeredAt;
}

export function runSafe<T>(log: Logger, name: string, token: CancellationToken | undefined, fallback: T, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = fn();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (e) {
    const err = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    log(`Error in ${name}: ${err}`);
    return fallback;
  } finally {
    answeredAt = performance.now();
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

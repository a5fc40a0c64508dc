/**
 * Server settings: the `exchangeLog.*` configuration, pulled from the client with
 * `workspace/configuration` and pulled again on `workspace/didChangeConfiguration`. Every value is
 * validated (type, range) and falls back to its default, so a hand-edited settings.json cannot
 * break a feature. Clients without `workspace/configuration` get the defaults, or the settings they
 * push in `didChangeConfiguration`.
 */
import { Connection, DidChangeConfigurationNotification } from 'vscode-languageserver';
import {
  DEFAULT_MAX_PROBLEMS, DEFAULT_OUTCOME_SEVERITY, DiagnosticOptions, OUTCOME_CATEGORIES, OutcomeCategory, OutcomeSeverity,
} from './core/features/diagnostics';
import { DEFAULT_GAP_THRESHOLD_MS } from './core/features/inlayHints';
import { DEFAULT_GROUP_THRESHOLD, DEFAULT_MAX_SYMBOLS, SymbolOptions } from './core/features/symbols';

export const SETTINGS_SECTION = 'exchangeLog';

export interface ServerSettings {
  outline: { groupThreshold: number; maxSymbols: number; keyEvents: boolean };
  /** undefined: use the client's `rangeLimit`. */
  folding: { maxRanges: number | undefined };
  diagnostics: {
    maxProblems: number;
    integrity: boolean;
    outcomesEnabled: boolean;
    outcomes: Record<OutcomeCategory, OutcomeSeverity>;
  };
  codeLens: { enabled: boolean };
  inlayHints: { sessionGaps: boolean; gapThresholdSeconds: number };
}

export function defaultSettings(): ServerSettings {
  return {
    outline: { groupThreshold: DEFAULT_GROUP_THRESHOLD, maxSymbols: DEFAULT_MAX_SYMBOLS, keyEvents: true },
    folding: { maxRanges: undefined },
    diagnostics: { maxProblems: DEFAULT_MAX_PROBLEMS, integrity: true, outcomesEnabled: true, outcomes: { ...DEFAULT_OUTCOME_SEVERITY } },
    codeLens: { enabled: true },
    inlayHints: { sessionGaps: false, gapThresholdSeconds: DEFAULT_GAP_THRESHOLD_MS / 1000 },
  };
}

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function int(v: unknown, fallback: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, Math.round(v)));
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  return Math.min(max, Math.max(min, v));
}

/**
 * Reads the `exchangeLog` section as VS Code returns it (nested objects: `{ outline: { maxSymbols } }`);
 * dotted keys (`{ "outline.maxSymbols": … }`, as some clients send) are accepted too.
 */
export function validateSettings(raw: unknown): ServerSettings {
  const root = nest(obj(raw));
  const d = defaultSettings();
  const outline = obj(root.outline);
  const folding = obj(root.folding);
  const diagnostics = obj(root.diagnostics);
  const outcomes = obj(diagnostics.outcomes);
  const codeLens = obj(root.codeLens);
  const gaps = obj(obj(root.inlayHints).sessionGaps);
  const severity = (v: unknown, fallback: OutcomeSeverity): OutcomeSeverity =>
    v === 'off' || v === 'information' || v === 'warning' ? v : fallback;
  const outcomeMap = {} as Record<OutcomeCategory, OutcomeSeverity>;
  for (const c of OUTCOME_CATEGORIES) outcomeMap[c] = severity(outcomes[c], d.diagnostics.outcomes[c]);
  return {
    outline: {
      groupThreshold: int(outline.groupThreshold, d.outline.groupThreshold, 1, 1_000_000),
      maxSymbols: int(outline.maxSymbols, d.outline.maxSymbols, 100, 200_000),
      keyEvents: bool(outline.keyEvents, d.outline.keyEvents),
    },
    folding: { maxRanges: folding.maxRanges === undefined || folding.maxRanges === null ? undefined : int(folding.maxRanges, 5000, 10, 65_000) },
    diagnostics: {
      maxProblems: int(diagnostics.maxProblems, d.diagnostics.maxProblems, 10, 100_000),
      integrity: bool(diagnostics.integrity, d.diagnostics.integrity),
      outcomesEnabled: bool(outcomes.enabled, d.diagnostics.outcomesEnabled),
      outcomes: outcomeMap,
    },
    codeLens: { enabled: bool(codeLens.enabled, d.codeLens.enabled) },
    inlayHints: {
      sessionGaps: bool(gaps.enabled, d.inlayHints.sessionGaps),
      gapThresholdSeconds: num(gaps.thresholdSeconds, d.inlayHints.gapThresholdSeconds, 0.001, 86_400),
    },
  };
}

/** `{ "a.b": 1 }` → `{ a: { b: 1 } }`, merged with nested objects already there. */
function nest(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const parts = k.split('.');
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = obj(cur[parts[i]]);
      cur[parts[i]] = next;
      cur = next;
    }
    const last = parts[parts.length - 1];
    cur[last] = v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...obj(cur[last]), ...nest(v as Record<string, unknown>) } : v;
  }
  return out;
}

/** Options for the core features, from the settings. */
export function symbolOptions(s: ServerSettings): SymbolOptions {
  return { groupThreshold: s.outline.groupThreshold, maxSymbols: s.outline.maxSymbols, keyEvents: s.outline.keyEvents };
}

export function diagnosticOptions(s: ServerSettings): DiagnosticOptions {
  return {
    maxProblems: s.diagnostics.maxProblems,
    integrity: s.diagnostics.integrity,
    outcomes: s.diagnostics.outcomesEnabled ? s.diagnostics.outcomes : false,
  };
}

/** The folding limit: our setting when the client has one (VS Code), else the client's `rangeLimit`. */
export function foldingLimit(s: ServerSettings, clientRangeLimit: number | undefined): number | undefined {
  return s.folding.maxRanges ?? clientRangeLimit;
}

export interface SettingsCapabilities {
  configuration: boolean;
  dynamicChangeRegistration: boolean;
}

/**
 * Holds the current settings. `get()` waits for the first pull, so a request that arrives right
 * after `initialized` sees the user's settings, not the defaults.
 */
export class SettingsStore {
  private current: Promise<ServerSettings> = Promise.resolve(defaultSettings());
  private readonly listeners: ((s: ServerSettings) => void)[] = [];

  constructor(private readonly connection: Connection, private readonly log: (m: string) => void) {}

  get(): Promise<ServerSettings> {
    return this.current;
  }

  onDidChange(listener: (s: ServerSettings) => void): void {
    this.listeners.push(listener);
  }

  /** Call from `onInitialized`. */
  start(caps: SettingsCapabilities): void {
    if (caps.dynamicChangeRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    this.connection.onDidChangeConfiguration((params) => {
      const pushed = obj(params?.settings)[SETTINGS_SECTION];
      this.current = caps.configuration ? this.pull() : Promise.resolve(validateSettings(pushed));
      void this.current.then((s) => {
        for (const l of this.listeners) l(s);
      });
    });
    if (caps.configuration) this.current = this.pull();
  }

  private async pull(): Promise<ServerSettings> {
    try {
      const raw = await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
      const s = validateSettings(raw);
      // VS Code always answers with the contributed default; other clients may answer null.
      if (raw === null || raw === undefined) s.folding.maxRanges = undefined;
      return s;
    } catch (e) {
      this.log(`Error reading settings: ${e instanceof Error ? e.message : String(e)}`);
      return defaultSettings();
    }
  }
}

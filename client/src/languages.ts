/** The languages and the URI scheme this extension contributes. */

/** Exchange logs (the language server serves this language only). */
export const LANGUAGE_ID = 'exchange-log';
/** The read-only views: coloured, without a language server. */
export const VIEW_LANGUAGE = 'exchange-log-view';
export const VIEW_SCHEME = 'exchange-log-view';

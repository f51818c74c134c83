/**
 * Every API shape at once, for the registry's meeting and decision views that still import
 * `types` whole; other modules import the area file they need (`types/drafts`, ...).
 */

export type * from './drafts';
export type * from './me';
export type * from './publishing';
export type * from './registry';
export type * from './review';
export type * from './revisions';

/**
 * The interval helpers moved to the shared statistics module (insights/stats/confidence.ts), so the
 * release comparison and the insights compute uncertainty with one implementation; re-exported
 * here for the release comparison's imports.
 */
export * from '../../../insights/stats/confidence';

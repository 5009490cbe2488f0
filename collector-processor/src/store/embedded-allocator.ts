/**
 * Tunes the allocator of the embedded engine. chDB's jemalloc (built with the je_ prefix, so it
 * reads JE_MALLOC_CONF, not MALLOC_CONF) keeps freed pages for 10 s by default. Every insert
 * parses and writes its batch through short-lived buffers many times the batch's size, so under
 * load RSS sat ~150 MB above what the engine used. Handing pages back after 100 ms keeps the
 * processor inside its memory budget for a few % of CPU (docs/benchmarks.md).
 *
 * jemalloc reads its options once, when chDB's library loads: import this module before anything
 * that loads `chdb`. An operator's own JE_MALLOC_CONF wins.
 */
export const EMBEDDED_ALLOCATOR_OPTIONS = 'dirty_decay_ms:100,muzzy_decay_ms:0';

process.env.JE_MALLOC_CONF ??= EMBEDDED_ALLOCATOR_OPTIONS;

import type { Stage } from '../pipeline/stages';

// Placeholder: the privacy helper replaces this with the scrubbing stage (issue #4).
export const scrub: Stage = (rows) => rows;

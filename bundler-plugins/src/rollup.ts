/** `import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/rollup'` */
import { rollupPlugin } from './index';

export type { PulsetraceSourcemapsOptions } from './index';
export const pulsetraceSourcemaps: typeof rollupPlugin = rollupPlugin;
export default rollupPlugin;

/** `import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/esbuild'` */
import { esbuildPlugin } from './index';

export type { PulsetraceSourcemapsOptions } from './index';
export const pulsetraceSourcemaps: typeof esbuildPlugin = esbuildPlugin;
export default esbuildPlugin;

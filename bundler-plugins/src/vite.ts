/** `import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/vite'` */
import { vitePlugin } from './index';

export type { PulsetraceSourcemapsOptions } from './index';
export const pulsetraceSourcemaps: typeof vitePlugin = vitePlugin;
export default vitePlugin;

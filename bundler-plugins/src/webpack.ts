/** `import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/webpack'` */
import { webpackPlugin } from './index';

export type { PulsetraceSourcemapsOptions } from './index';
export const pulsetraceSourcemaps: typeof webpackPlugin = webpackPlugin;
export default webpackPlugin;

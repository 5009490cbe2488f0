import type { RegisteredHandler } from '../../handler';
import { insightsHandler } from './insights';

/** Insights query types (incident cards, src/insights/). */
export const handlers: RegisteredHandler[] = [insightsHandler];

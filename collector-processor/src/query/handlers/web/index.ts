/** The web area's query types: Core Web Vitals, traffic metrics and traffic breakdowns. */
import type { QueryHandler } from '../../handler';
import { webAnalyticsHandler } from './web-analytics';
import { webBreakdownHandler } from './web-breakdown';
import { webVitalsHandler } from './web-vitals';

export const handlers: QueryHandler[] = [webVitalsHandler, webAnalyticsHandler, webBreakdownHandler];

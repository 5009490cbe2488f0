/** The web area's query types: Core Web Vitals, traffic metrics and traffic breakdowns. */
import type { RegisteredHandler } from '../../handler';
import { webAnalyticsHandler } from './web-analytics';
import { webBreakdownHandler } from './web-breakdown';
import { webVitalsHandler } from './web-vitals';

export const handlers: RegisteredHandler[] = [webVitalsHandler, webAnalyticsHandler, webBreakdownHandler];

import type { RegisteredHandler } from '../../handler';
import { alertsHandler } from './alerts';

/** Alert states of the processor's ruler (src/alerting/ruler/). */
export const handlers: RegisteredHandler[] = [alertsHandler];

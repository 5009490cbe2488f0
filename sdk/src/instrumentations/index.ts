/** The built-in instrumentations, in install order. Each lives in its own folder. */
import type { Instrumentation } from '../core/context';
import type { InstrumentationName } from '../types';
import { breadcrumbs } from './breadcrumbs';
import { errors } from './errors';
import { http } from './http';
import { longTasks } from './long-tasks';
import { pageViews } from './page-views';
import { resources } from './resources';
import { webVitals } from './web-vitals';

export const INSTRUMENTATIONS: Array<[InstrumentationName, Instrumentation]> = [
  ['breadcrumbs', breadcrumbs],
  ['errors', errors],
  ['http', http],
  ['pageViews', pageViews],
  ['webVitals', webVitals],
  ['longTasks', longTasks],
  ['resources', resources],
];

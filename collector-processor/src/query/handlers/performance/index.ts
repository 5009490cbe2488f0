/** Performance, custom event, session and live-tail query types. */
import type { RegisteredHandler } from '../../handler';
import { customEventsHandler } from './custom-events';
import { httpHandler } from './http';
import { liveHandler } from './live';
import { longTasksHandler } from './long-tasks';
import { resourcesHandler } from './resources';
import { sessionTimelineHandler } from './session-timeline';
import { sessionsHandler } from './sessions';

export const handlers: RegisteredHandler[] = [
  httpHandler,
  longTasksHandler,
  resourcesHandler,
  customEventsHandler,
  sessionsHandler,
  sessionTimelineHandler,
  liveHandler,
];

export { longTasks } from './long-tasks';

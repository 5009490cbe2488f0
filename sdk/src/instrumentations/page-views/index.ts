export { pageViews } from './page-views';

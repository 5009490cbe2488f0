export { breadcrumbs } from './breadcrumbs';

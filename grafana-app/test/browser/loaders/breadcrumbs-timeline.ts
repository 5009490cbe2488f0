/** The same issue_detail answer as the stack trace shot: the breadcrumbs are its latest event's. */
export { default } from './stack-trace';

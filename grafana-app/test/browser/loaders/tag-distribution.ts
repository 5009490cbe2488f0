/** The same issue_detail answer as the stack trace shot: the tags frame is the in the last 24 h. */
export { default } from './stack-trace';

export { captureError, errors } from './errors';

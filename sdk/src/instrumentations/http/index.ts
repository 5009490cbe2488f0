export { http } from './http';

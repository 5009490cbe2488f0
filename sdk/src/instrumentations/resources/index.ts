export { resources } from './resources';

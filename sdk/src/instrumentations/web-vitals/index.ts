export { webVitals } from './web-vitals';

// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// @grafana/ui's Combobox measures option text on a canvas and virtualises its menu by element
// size; jsdom has neither, so give it a canvas that measures and elements with a size.
HTMLCanvasElement.prototype.getContext = () => ({ font: '', measureText: (text) => ({ width: text.length * 7 }) });
Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
  configurable: true,
  value: () => ({ x: 0, y: 0, width: 300, height: 300, top: 0, left: 0, bottom: 300, right: 300, toJSON: () => ({}) }),
});
// The menu's scroll indicators watch visibility.
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}
global.IntersectionObserver = NoopObserver;
global.ResizeObserver = global.ResizeObserver ?? NoopObserver;
for (const prop of ['offsetHeight', 'offsetWidth']) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 300 });
}

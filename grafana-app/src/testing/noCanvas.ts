/**
 * The sparklines are uPlot drawing on a canvas: jsdom has none, so every 2D context call is a
 * no-op in tests (set values are kept; calls return the context, so chained calls work too).
 */
export function stubCanvas() {
  const kept: Record<PropertyKey, unknown> = {};
  const context: object = new Proxy(kept, {
    get: (target, key) =>
      key in target ? target[key] : key === 'measureText' ? (t: string) => ({ width: t.length * 7 }) : () => context,
    set: (target, key, value) => {
      target[key] = value;
      return true;
    },
  });
  HTMLCanvasElement.prototype.getContext = (() => context) as never;
  (global as { Path2D?: unknown }).Path2D ??= class {
    moveTo() {}
    lineTo() {}
    rect() {}
    arc() {}
    closePath() {}
    bezierCurveTo() {}
    addPath() {}
  };
}

declare const PulseTrace: { captureException(error: unknown): void };

export class Inventory {
  private stock = new Map<string, number>();

  audit(): void {
    try {
      this.count('A-1', -1);
    } catch (error) {
      PulseTrace.captureException(error);
    }
  }

  count(sku: string, delta: number): number {
    const next = (this.stock.get(sku) ?? 0) + delta;
    if (next < 0) {
      throw new Error(`negative stock for ${sku}`); // @throw:inventory
    }
    this.stock.set(sku, next);
    return next;
  }
}

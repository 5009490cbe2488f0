export async function submitOrder(orderId: string): Promise<string> {
  await Promise.resolve();
  return chargeCard(orderId);
}

function chargeCard(orderId: string): string {
  if (orderId.startsWith('ord-')) {
    throw new RangeError(`payment declined for order ${orderId}`); // @throw:checkout
  }
  return 'ok';
}

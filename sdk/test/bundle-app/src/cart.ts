export interface CartLine {
  sku: string;
  quantity: number;
}

export function addToCart(line: CartLine): number {
  const checked = validateLine(line);
  return checked * 2;
}

function validateLine(line: CartLine): number {
  if (line.quantity <= 0) {
    throw new TypeError(`quantity must be positive for ${line.sku}`); // @throw:cart
  }
  return line.quantity;
}

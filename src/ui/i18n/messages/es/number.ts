/** Spanish number formatting: a decimal comma ("1,7"). */
export const decimal = (value: number, digits: number): string =>
  value.toLocaleString('es', { minimumFractionDigits: digits, maximumFractionDigits: digits });

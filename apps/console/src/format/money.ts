/**
 * Amounts arrive as decimal strings in yuan ("1234.56"); they are shown without ever passing
 * through a float: parsed to integer fen (BigInt), grouped by thousands, in 元 or 万元.
 */
const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

function toFen(amount: string): bigint | null {
  const match = AMOUNT.exec(amount.trim());
  if (!match) return null;
  const [, sign, yuan, cents = ''] = match;
  const fen = BigInt(yuan!) * 100n + BigInt(cents.padEnd(2, '0'));
  return sign ? -fen : fen;
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Fen as "1,234.56" (two decimals), a hundredth of the given unit rounded half away from zero. */
function formatUnits(fen: bigint, fenPerUnit: bigint): string {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  // Hundredths of the unit, rounded half up on the magnitude.
  const hundredths = (magnitude * 100n + fenPerUnit / 2n) / fenPerUnit;
  const whole = grouped((hundredths / 100n).toString());
  const fraction = (hundredths % 100n).toString().padStart(2, '0');
  return `${negative && hundredths > 0n ? '-' : ''}${whole}.${fraction}`;
}

/** "1,234,567.89" — for table cells whose column header carries the unit. */
export function formatAmount(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const fen = toFen(amount);
  return fen === null ? amount : formatUnits(fen, 100n);
}

/** "1,234,567.89 元". */
export function formatYuan(amount: string | null | undefined): string {
  const text = formatAmount(amount);
  return text === '—' ? text : `${text} 元`;
}

/** "123.46 万元", the unit Chinese credit screens use for loan sizes. */
export function formatWan(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const fen = toFen(amount);
  return fen === null ? amount : `${formatUnits(fen, 1_000_000n)} 万元`;
}

/** A rate or share given as a decimal string ("0.0345") as a percentage ("3.45%"). */
export function formatPercent(rate: string | null | undefined, decimals = 2): string {
  if (rate === null || rate === undefined) return '—';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(rate.trim());
  if (!match) return rate;
  const [, sign, whole, fraction = ''] = match;
  // The percentage in units of 10^-(decimals+1), from the digits alone, then rounded half up.
  const kept = 2 + decimals + 1;
  const units = BigInt(`${whole}${fraction.padEnd(kept, '0').slice(0, kept)}`);
  const text = ((units + 5n) / 10n).toString().padStart(decimals + 1, '0');
  const integer = text.slice(0, text.length - decimals);
  return decimals > 0
    ? `${sign}${integer}.${text.slice(text.length - decimals)}%`
    : `${sign}${integer}%`;
}

/**
 * How printed documents show the values the system keeps as text: amounts with thousands
 * separators and 元, dates and instants the Chinese way, ratios as percentages. All of it is
 * string work on the decimal text, so no amount passes through a float. A value not in the
 * expected shape is printed as it is rather than hidden.
 */

/** "1234567.89" → "1,234,567.89 元". */
export function yuanZh(amount: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!match) return amount;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction} 元`;
}

/** "2026-12-02" → "2026年12月2日". */
export function dateZh(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** "2026-12-02T19:40:12.345Z" → "2026年12月2日 19:40:12 UTC" (the file's instants are UTC). */
export function instantZh(instant: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(instant);
  if (!match) return instant;
  return `${dateZh(match[1]!)} ${match[2]} UTC`;
}

/** A ratio as a percentage: "0.036" → "3.6%", "0.1964" → "19.64%", "1" → "100%". */
export function percentZh(ratio: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(ratio);
  if (!match) return ratio;
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const point = whole!.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const decimals = digits.slice(point).replace(/0+$/, '');
  return `${sign}${integer}${decimals ? `.${decimals}` : ''}%`;
}

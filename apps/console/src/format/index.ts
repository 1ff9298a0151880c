/** How the console writes amounts, rates and dates. */
export { formatAmount, formatPercent, formatWan, formatYuan } from './money';
export { formatDate, formatDateTime } from './dates';

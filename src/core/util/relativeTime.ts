/**
 * "3 days ago", "in 2 hours", "yesterday" in the display language, from Intl alone (no date
 * library: the bundle stays small).
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const formatters = new Map<string, Intl.RelativeTimeFormat>();

function formatterFor(locale: string): Intl.RelativeTimeFormat {
  let formatter = formatters.get(locale);
  if (!formatter) {
    try {
      formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    } catch {
      formatter = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    }
    formatters.set(locale, formatter);
  }
  return formatter;
}

function format(locale: string, amount: number, unit: Intl.RelativeTimeFormatUnit): string {
  return formatterFor(locale).format(amount, unit);
}

export function formatRelativeTime(date: Date, now: Date, locale: string): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return format(locale, 0, 'second');
  for (const [unit, size] of UNITS) {
    if (magnitude >= size || unit === 'second') return format(locale, Math.round(seconds / size), unit);
  }
  return format(locale, 0, 'second');
}

/**
 * Like `formatRelativeTime`, but in days up to two months away: "expires in 10 days" says more
 * than "next week" about when to rotate a key.
 */
export function formatRelativeDays(date: Date, now: Date, locale: string): string {
  const days = Math.round((date.getTime() - now.getTime()) / DAY_MS);
  return Math.abs(days) >= 1 && Math.abs(days) < 60 ? format(locale, days, 'day') : formatRelativeTime(date, now, locale);
}

export function formatAbsoluteDate(date: Date, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  } catch {
    return date.toISOString();
  }
}

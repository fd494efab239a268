// Dates in the host's language and time zone, and why an item matched, in words.
import type { Match } from '../../shared/memoryView.js';

export interface Locale {
  locale?: string;
  timeZone?: string;
}

export function formatDate(iso: string, { locale, timeZone }: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
  } catch {
    // An unknown locale or time zone from the host: the browser's own.
    return date.toLocaleString();
  }
}

/** Short phrases, most telling first; empty when nothing is known (show_memory lists by date). */
export function whyMatched(match: Match | null): string[] {
  if (!match) return [];
  const out: string[] = [];
  if (match.words.length > 0) out.push(`mentions ${match.words.map((w) => `“${w}”`).join(', ')}`);
  if (match.in_time_named) out.push('from the time you asked about');
  if (out.length === 0) out.push('close in meaning');
  return out;
}

export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}

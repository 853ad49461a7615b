// Time ranges (relative like "15m" or absolute), the display time zone, and formatting.
import { currentLanguage } from './i18n.js';

export const RELATIVE = ['5m', '15m', '1h', '6h', '24h', '7d'];

const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of a duration such as "15m", "2h", "7d"; NaN for anything else. */
export function durationMs(text) {
  const m = /^(\d+)([smhdw])$/.exec(String(text || '').trim());
  return m ? Number(m[1]) * UNITS[m[2]] : NaN;
}

/**
 * A range as the pickers hold it: {relative: "1h"} or {from: Date, to: Date}. Answers concrete Dates,
 * relative ranges measured back from {@code now}.
 */
export function resolveRange(range, now = new Date()) {
  if (range.relative) {
    return { from: new Date(now.getTime() - durationMs(range.relative)), to: now };
  }
  return { from: range.from, to: range.to };
}

export const ZONES = ['browser', 'UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'];

let zone = globalThis.localStorage?.getItem('shopwatch.tz') || 'browser';

export function currentZone() {
  return zone;
}

export function setZone(z) {
  zone = z;
  localStorage.setItem('shopwatch.tz', z);
}

function zoneOption() {
  return zone === 'browser' ? {} : { timeZone: zone };
}

/** A timestamp (Date, ISO string (UTC when it names no zone), epoch ms, or OpenObserve's epoch µs) as a Date. */
export function toDate(value) {
  if (value instanceof Date) return value;
  if (typeof value === 'number') {
    // span times are in ns (tracing-service); OpenObserve's _timestamp is in µs; anything beyond year 33658 in ms is µs
    if (value > 1e17) return new Date(value / 1e6);
    return new Date(value > 1e15 ? value / 1000 : value);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return toDate(Number(value));
  // the store's histogram buckets come without a zone ("2026-12-06T08:00:00"): they are UTC
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)) return new Date(`${value}Z`);
  return new Date(value);
}

/** Date and time in the chosen zone, to the second (or millisecond). */
export function formatTime(value, { millis = false } = {}) {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value ?? '');
  const locale = currentLanguage() === 'zh' ? 'zh-CN' : 'en-GB';
  const s = new Intl.DateTimeFormat(locale, {
    ...zoneOption(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
  return millis ? `${s}.${String(d.getMilliseconds()).padStart(3, '0')}` : s;
}

/** Hours and minutes in the chosen zone (axis labels). */
export function formatClock(value) {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return String(value ?? '');
  return new Intl.DateTimeFormat('en-GB', { ...zoneOption(), hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** How long ago, coarse: "42s", "5m", "3h 2m", "2d 4h". */
export function age(value, now = new Date()) {
  const seconds = Math.max(0, Math.floor((now - toDate(value)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** The value of a datetime-local input for a Date, in the browser's zone. */
export function toLocalInput(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Times named in a query, as windows over page timestamps, so "what did I say on May 3, 2023?" or
// "what did we decide last week?" favours what was said then.
//
// Dates: "on May 3, 2023", "13 October 2023", "2023-05-03", "in July 2023". "May 3" alone names no
// year, and "may" is a word, so a month without a year counts only after "in", "during", "last" or
// "this" ("in May" is the latest May not in the future).
// Relative to now (the moment of the query): "today", "this morning", "yesterday", "last night",
// "the day before yesterday", "3 days ago", "two weeks ago", "a month ago", "a year ago", "this
// week", "last week", "the past week", "this/last month", "this/last year", "last weekend",
// "(on/last) Monday" (the latest Monday, today included unless "last"). Weeks run Monday to Sunday.
//
// Days, weeks and months are those of the machine's time zone (the desktop app runs on the person's
// own computer; a headless server takes TZ from its environment).

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';
const COUNT = '(\\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of)';
const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  'a couple of': 2,
};

const ISO_DATE = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}\\b`, 'gi');
const DAY_MONTH_YEAR = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}\\b`, 'gi');
const MONTH_YEAR = new RegExp(`\\b${MONTH},?\\s+${YEAR}\\b`, 'gi');
const MONTH_ALONE = new RegExp(`\\b(in|during|last|this)\\s+${MONTH}(?![\\w-])`, 'gi');
const AGO = new RegExp(`\\b${COUNT}\\s+(day|week|month|year)s?\\s+ago\\b`, 'gi');
const BEFORE_YESTERDAY = /\bthe\s+day\s+before\s+yesterday\b/gi;
const YESTERDAY = /\b(?:yesterday|last\s+night)\b/gi;
const TODAY = /\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b/gi;
const PERIOD = /\b(this|last|previous|the\s+past|the\s+last|past)\s+(week|month|year|weekend)\b/gi;
const WEEKDAY = /\b(?:(last|this|on)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?![\w-])/gi;

const monthIndex = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase());

function day(y: number, m: number, d: number): TimeWindow | null {
  const start = new Date(y, m, d);
  if (m < 0 || start.getMonth() !== m || start.getDate() !== d) return null; // 31 February and the like
  return { fromMs: start.getTime(), toMs: new Date(y, m, d + 1).getTime() - 1 };
}

function month(y: number, m: number): TimeWindow | null {
  if (m < 0) return null;
  return { fromMs: new Date(y, m, 1).getTime(), toMs: new Date(y, m + 1, 1).getTime() - 1 };
}

/** The calendar month `back` months before `now`'s. */
function monthBefore(now: Date, back: number): TimeWindow {
  const first = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return month(first.getFullYear(), first.getMonth())!;
}

const year = (y: number): TimeWindow => ({
  fromMs: new Date(y, 0, 1).getTime(),
  toMs: new Date(y + 1, 0, 1).getTime() - 1,
});

/** The local day `back` days before `now`'s (calendar days, so daylight-saving changes count right). */
const dayBefore = (now: Date, back: number) => day(now.getFullYear(), now.getMonth(), now.getDate() - back)!;

/** The Monday-to-Sunday week `back` weeks before the one holding `now`, from `offsetDays` (5: its weekend). */
function week(now: Date, back: number, offsetDays = 0): TimeWindow {
  const sinceMonday = (now.getDay() + 6) % 7;
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - sinceMonday - 7 * back + offsetDays);
  return {
    fromMs: start.getTime(),
    toMs: new Date(start.getFullYear(), start.getMonth(), start.getDate() + 7 - offsetDays).getTime() - 1,
  };
}

/** The time windows a query names, dates before relative times; empty when it names none. */
export function timeWindows(query: string, nowMs: number = Date.now()): TimeWindow[] {
  const now = new Date(nowMs);
  const out: TimeWindow[] = [];
  let rest = query;
  const take = (re: RegExp, make: (m: RegExpExecArray) => TimeWindow | null) => {
    rest = rest.replace(re, (...args) => {
      const w = make(args.slice(0, -2) as unknown as RegExpExecArray);
      if (w) out.push(w);
      return ' ';
    });
  };
  take(ISO_DATE, (m) => day(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  take(MONTH_DAY_YEAR, (m) => day(Number(m[3]), monthIndex(m[1]!), Number(m[2])));
  take(DAY_MONTH_YEAR, (m) => day(Number(m[3]), monthIndex(m[2]!), Number(m[1])));
  take(MONTH_YEAR, (m) => month(Number(m[2]), monthIndex(m[1]!)));
  take(MONTH_ALONE, (m) => {
    // The latest such month not in the future; "last May" in May is a year ago.
    let back = (now.getMonth() - monthIndex(m[2]!) + 12) % 12;
    if (back === 0 && m[1]!.toLowerCase() === 'last') back = 12;
    return monthBefore(now, back);
  });
  take(AGO, (m) => {
    const n = NUMBERS[m[1]!.toLowerCase().replace(/\s+/g, ' ')] ?? Number(m[1]);
    switch (m[2]!.toLowerCase()) {
      case 'day':
        return dayBefore(now, n);
      case 'week':
        return week(now, n);
      case 'month':
        return monthBefore(now, n);
      default:
        return year(now.getFullYear() - n);
    }
  });
  take(BEFORE_YESTERDAY, () => dayBefore(now, 2));
  take(YESTERDAY, () => dayBefore(now, 1));
  take(TODAY, () => dayBefore(now, 0));
  take(PERIOD, (m) => {
    const which = m[1]!.toLowerCase().replace(/\s+/g, ' ');
    const unit = m[2]!.toLowerCase();
    const endOfToday = dayBefore(now, 0).toMs;
    if (which === 'the past' || which === 'past' || which === 'the last') {
      // A span ending today: the past week is the last seven days, today included; the past month
      // starts the day after this date a month ago, the past year the day after it a year ago.
      if (unit === 'weekend') return week(now, now.getDay() === 6 || now.getDay() === 0 ? 0 : 1, 5);
      const [months, days] = unit === 'week' ? [0, 6] : unit === 'month' ? [1, -1] : [12, -1];
      return {
        fromMs: new Date(now.getFullYear(), now.getMonth() - months, now.getDate() - days).getTime(),
        toMs: endOfToday,
      };
    }
    const back = which === 'this' ? 0 : 1;
    if (unit === 'week') return week(now, back);
    if (unit === 'weekend') return week(now, back, 5);
    if (unit === 'month') return monthBefore(now, back);
    return year(now.getFullYear() - back);
  });
  take(WEEKDAY, (m) => {
    const target = WEEKDAYS.indexOf(m[2]!.toLowerCase());
    let back = (now.getDay() - target + 7) % 7;
    if (back === 0 && m[1]?.toLowerCase() === 'last') back = 7;
    return dayBefore(now, back);
  });
  return out;
}

// Dates named in a query ("on May 3, 2023", "13 October 2023", "2023-05-03", "in July 2023"), as
// time windows over page timestamps, so "what did I say on May 3, 2023?" favours what was said
// then. Only dates with a year are read: "on May 3" alone is ambiguous, and "may" is a word.
// Days and months are those of the machine's time zone (the desktop app runs on the person's own
// computer; a headless server takes TZ from its environment).

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';

const ISO_DATE = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+${YEAR}\\b`, 'gi');
const DAY_MONTH_YEAR = new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}\\b`, 'gi');
const MONTH_YEAR = new RegExp(`\\b${MONTH},?\\s+${YEAR}\\b`, 'gi');

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

/** The time windows a query names, days before months; empty when it names none. */
export function timeWindows(query: string): TimeWindow[] {
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
  return out;
}

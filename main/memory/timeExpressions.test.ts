import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeWindows } from './timeExpressions.js';

// Local days, whatever TZ the tests run in.
const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { fromMs: new Date(y, m - 1, d).getTime(), toMs: new Date(y, m - 1, d + 1).getTime() - 1 };
};

test('days and months with a year, in the usual English spellings', () => {
  assert.deepEqual(timeWindows('What did I eat on May 3, 2023?'), [day('2023-05-03')]);
  assert.deepEqual(timeWindows('painting shown on October 13th 2023'), [day('2023-10-13')]);
  assert.deepEqual(timeWindows('what did Gina find on 1 February, 2023'), [day('2023-02-01')]);
  assert.deepEqual(timeWindows('the 22nd of Sept. 2024 meeting'), [day('2024-09-22')]);
  assert.deepEqual(timeWindows('notes from 2024-02-29'), [day('2024-02-29')]);
  assert.deepEqual(timeWindows('in July 2023'), [
    { fromMs: new Date(2023, 6, 1).getTime(), toMs: new Date(2023, 7, 1).getTime() - 1 },
  ]);
  assert.equal(timeWindows('between March 2, 2024 and April 2024').length, 2);
});

test('no year, impossible dates, and "may" as a word name no time', () => {
  assert.deepEqual(timeWindows('what did I say on May 3?'), []);
  assert.deepEqual(timeWindows('I may go in 2023'), []);
  assert.deepEqual(timeWindows('February 30, 2023'), []);
  assert.deepEqual(timeWindows('2023-13-01'), []);
  assert.deepEqual(timeWindows(''), []);
});

// Relative times are read against the moment of the query: here Wednesday 25 November 2026, 15:00.
const NOW = new Date(2026, 10, 25, 15, 0).getTime();
const span = (from: string, to: string) => ({ fromMs: day(from).fromMs, toMs: day(to).toMs });
const monthOf = (y: number, m: number) => ({
  fromMs: new Date(y, m - 1, 1).getTime(),
  toMs: new Date(y, m, 1).getTime() - 1,
});
const yearOf = (y: number) => ({ fromMs: new Date(y, 0, 1).getTime(), toMs: new Date(y + 1, 0, 1).getTime() - 1 });

test('days relative to now: today, yesterday, the day before, n days ago, weekdays', () => {
  const cases: [string, string][] = [
    ['what did I do today?', '2026-11-25'],
    ['what did we plan this morning', '2026-11-25'],
    ['what did I cook yesterday', '2026-11-24'],
    ['the film we talked about last night', '2026-11-24'],
    ['what did I say the day before yesterday', '2026-11-23'],
    ['3 days ago', '2026-11-22'],
    ['ten days ago I had an idea', '2026-11-15'],
    ['on Monday', '2026-11-23'],
    ['what happened on Wednesday', '2026-11-25'],
    ['last Wednesday', '2026-11-18'],
    ['Friday', '2026-11-20'],
  ];
  for (const [q, d] of cases) assert.deepEqual(timeWindows(q, NOW), [day(d)], q);
});

test('weeks, months and years relative to now, Monday to Sunday weeks, calendar months', () => {
  assert.deepEqual(timeWindows('what did we decide last week', NOW), [span('2026-11-16', '2026-11-22')]);
  assert.deepEqual(timeWindows('this week', NOW), [span('2026-11-23', '2026-11-29')]);
  assert.deepEqual(timeWindows('two weeks ago', NOW), [span('2026-11-09', '2026-11-15')]);
  assert.deepEqual(timeWindows('over the past week', NOW), [span('2026-11-19', '2026-11-25')]);
  assert.deepEqual(timeWindows('last weekend', NOW), [span('2026-11-21', '2026-11-22')]);
  assert.deepEqual(timeWindows('last month', NOW), [monthOf(2026, 10)]);
  assert.deepEqual(timeWindows('a month ago', NOW), [monthOf(2026, 10)]);
  assert.deepEqual(timeWindows('the past month', NOW), [span('2026-10-26', '2026-11-25')]);
  assert.deepEqual(timeWindows('this year', NOW), [yearOf(2026)]);
  assert.deepEqual(timeWindows('a year ago', NOW), [yearOf(2025)]);
  assert.deepEqual(timeWindows('a couple of years ago', NOW), [yearOf(2024)]);
  // Month ends and year ends: a month ago from 31 March is February, from January the last December.
  assert.deepEqual(timeWindows('a month ago', new Date(2026, 2, 31, 12).getTime()), [monthOf(2026, 2)]);
  assert.deepEqual(timeWindows('last month', new Date(2026, 0, 10, 12).getTime()), [monthOf(2025, 12)]);
  assert.deepEqual(timeWindows('last week', new Date(2026, 0, 2, 12).getTime()), [span('2025-12-22', '2025-12-28')]);
});

test('a month without a year: the latest one not in the future, only after in/during/last/this', () => {
  assert.deepEqual(timeWindows('what did I read in May', NOW), [monthOf(2026, 5)]);
  assert.deepEqual(timeWindows('in December', NOW), [monthOf(2025, 12)]);
  assert.deepEqual(timeWindows('during November', NOW), [monthOf(2026, 11)]);
  assert.deepEqual(timeWindows('last November', NOW), [monthOf(2025, 11)]);
  assert.deepEqual(timeWindows('in May 2023', NOW), [monthOf(2023, 5)], 'the year written wins');
  assert.deepEqual(timeWindows('I may call Jan', NOW), []);
  assert.deepEqual(timeWindows('the weekly plan for my monday-ish mood', NOW), []);
});

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
  assert.deepEqual(timeWindows('in July 2023'), [{ fromMs: new Date(2023, 6, 1).getTime(), toMs: new Date(2023, 7, 1).getTime() - 1 }]);
  assert.equal(timeWindows('between March 2, 2024 and April 2024').length, 2);
});

test('no year, impossible dates, and "may" as a word name no time', () => {
  assert.deepEqual(timeWindows('what did I say on May 3?'), []);
  assert.deepEqual(timeWindows('I may go in 2023'), []);
  assert.deepEqual(timeWindows('February 30, 2023'), []);
  assert.deepEqual(timeWindows('2023-13-01'), []);
  assert.deepEqual(timeWindows(''), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileLines, replaceProfileLine } from './profileLines.js';

const PROFILE = '- Lives in Porto\n\n* Climbs twice a week\nPrefers oat milk\n- Climbs twice a week';

test('profile lines read without bullets or blank lines', () => {
  assert.deepEqual(profileLines(PROFILE), [
    'Lives in Porto',
    'Climbs twice a week',
    'Prefers oat milk',
    'Climbs twice a week',
  ]);
  assert.deepEqual(profileLines(''), []);
});

test('a line is replaced in place with its bullet, removed when the new text is empty, and a missing one is null', () => {
  assert.equal(
    replaceProfileLine(PROFILE, 'Climbs twice a week', ' Climbs three times a week '),
    '- Lives in Porto\n\n* Climbs three times a week\nPrefers oat milk\n- Climbs twice a week',
  );
  assert.equal(
    replaceProfileLine(PROFILE, 'Prefers oat milk', 'Prefers soy milk'),
    '- Lives in Porto\n\n* Climbs twice a week\nPrefers soy milk\n- Climbs twice a week',
  );
  assert.equal(
    replaceProfileLine(PROFILE, 'Lives in Porto', ''),
    '\n* Climbs twice a week\nPrefers oat milk\n- Climbs twice a week',
  );
  assert.equal(replaceProfileLine(PROFILE, 'Lives in Lisbon', 'x'), null);
  assert.equal(replaceProfileLine('', 'anything', 'x'), null);
});

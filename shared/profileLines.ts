// The profile is a short text of "- fact" lines. The memory view shows and edits it line by line;
// the server applies an edit to the line as the view saw it, so both read lines the same way.

const BULLET = /^\s*(?:[-*•]\s+)?/;

/** The profile's lines as a person reads them: without bullets or blank lines. */
export function profileLines(profile: string): string[] {
  return profile
    .split('\n')
    .map((l) => l.replace(BULLET, '').trim())
    .filter((l) => l.length > 0);
}

/**
 * The profile with the first line reading `oldLine` replaced by `newLine` (its bullet kept), or
 * removed when `newLine` is empty; null when no line reads `oldLine` (the profile changed since).
 */
export function replaceProfileLine(profile: string, oldLine: string, newLine: string): string | null {
  const lines = profile.split('\n');
  const at = lines.findIndex((l) => l.replace(BULLET, '').trim() === oldLine.trim());
  if (at < 0) return null;
  if (newLine.trim() === '') lines.splice(at, 1);
  else lines[at] = `${BULLET.exec(lines[at]!)![0]}${newLine.trim()}`;
  return lines.join('\n');
}

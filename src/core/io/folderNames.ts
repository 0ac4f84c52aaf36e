/** Safe, unique folder and file names for class names and ids inside archives. */

/**
 * A name usable as one path segment on every OS: characters other than letters, digits, space,
 * `_`, `-` and `.` become `_`; no leading/trailing dots or spaces; never empty, `.` or `..`.
 */
export function safeSegment(name: string, fallback = 'class'): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} _.-]/gu, '_')
    .replace(/^[. ]+|[. ]+$/g, '')
    .slice(0, 80);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** Maps each name to a distinct {@link safeSegment} (case-insensitively unique: `cat`, `cat-2`). */
export function uniqueSegments(names: readonly string[], fallback = 'class'): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = safeSegment(name, fallback);
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

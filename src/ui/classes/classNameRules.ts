/**
 * What makes a class name usable: not empty, and not another class's name (compared ignoring
 * case, surrounding spaces and Unicode composition, since exports write one folder per class and
 * "Cat" and "cat" are the same folder on many disks).
 */

/** The form names are compared in. */
function comparable(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase();
}

/** Why `name` cannot be used, or null when it can. `others` are the other classes' names. */
export function classNameProblem(name: string, others: readonly string[]): string | null {
  const clean = name.trim();
  if (!clean) return 'A class needs a name.';
  const key = comparable(clean);
  if (others.some((other) => comparable(other) === key)) {
    return `Another class is already called “${clean}”.`;
  }
  return null;
}

/** The first of "Class 1", "Class 2"… from `start` that no class in `names` uses. */
export function freeDefaultName(names: readonly string[], start: number): string {
  const taken = new Set(names.map(comparable));
  let n = Math.max(1, start);
  while (taken.has(comparable(`Class ${n}`))) n++;
  return `Class ${n}`;
}

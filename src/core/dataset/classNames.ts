/**
 * The one rule for class names, used by the session (add, rename, open), dataset imports and
 * the UI: a name is not empty, and is not another class's name, compared ignoring case,
 * surrounding spaces and Unicode composition (exports write one folder per class, and "Cat" and
 * "cat" are the same folder on many disks). Where a file brings colliding names, the later one
 * is renamed visibly ("cat (2)") rather than the file refused.
 */

/** The form names are compared in: trimmed, NFC, lower case. */
export function classNameKey(name: string): string {
  return name.trim().normalize('NFC').toLocaleLowerCase();
}

/** Why `name` cannot be used, or null when it can. `others` are the other classes' names. */
export function classNameProblem(name: string, others: readonly string[]): string | null {
  const clean = name.trim();
  if (!clean) return 'A class needs a name.';
  const key = classNameKey(clean);
  if (others.some((other) => classNameKey(other) === key)) {
    return `Another class is already called “${clean}”.`;
  }
  return null;
}

/** The first of "Class 1", "Class 2"… from `start` that no class in `names` uses. */
export function freeDefaultName(names: readonly string[], start: number): string {
  const taken = new Set(names.map(classNameKey));
  let n = Math.max(1, start);
  while (taken.has(classNameKey(`Class ${n}`))) n++;
  return `Class ${n}`;
}

/** `name` trimmed if no name in `taken` collides with it, else the first free "name (2)", "name (3)"… */
export function uniqueClassName(name: string, taken: readonly string[]): string {
  const keys = new Set(taken.map(classNameKey));
  const clean = name.trim();
  if (!keys.has(classNameKey(clean))) return clean;
  let n = 2;
  while (keys.has(classNameKey(`${clean} (${n})`))) n++;
  return `${clean} (${n})`;
}

/** A name a file brought, and the name it was given because another class had it. */
export interface ClassRename {
  from: string;
  to: string;
}

/**
 * Makes names distinct: the first of each colliding group keeps its name, each later one gets
 * the first free "name (2)", "name (3)"… (never a name another entry keeps). Empty names are
 * left as they are (callers refuse or replace them). Returns the names in order and the renames.
 */
export function uniqueClassNames(names: readonly string[]): {
  names: string[];
  renamed: ClassRename[];
} {
  const firstOf = new Map<string, number>();
  names.forEach((name, i) => {
    const key = classNameKey(name);
    if (key && !firstOf.has(key)) firstOf.set(key, i);
  });
  const taken = [...firstOf.values()].map((i) => names[i]!);
  const renamed: ClassRename[] = [];
  const result = names.map((name, i) => {
    const key = classNameKey(name);
    if (!key || firstOf.get(key) === i) return name;
    const to = uniqueClassName(name, taken);
    taken.push(to);
    renamed.push({ from: name, to });
    return to;
  });
  return { names: result, renamed };
}

/** Most renames a notice lists by name. */
const LISTED = 5;

/**
 * A notice for renames made when a file is opened or imported; `source` names the file, e.g.
 * “pets.zip” or "The folder".
 */
export function renamedClassesNotice(renamed: readonly ClassRename[], source: string): string {
  const listed = renamed.slice(0, LISTED).map((r) => `“${r.from}” is now “${r.to}”`);
  const more = renamed.length > LISTED ? ` and ${renamed.length - LISTED} more` : '';
  const what =
    renamed.length === 1
      ? 'two classes with the same name, so the later one was renamed'
      : 'classes with the same names, so the later ones were renamed';
  return `${source} has ${what}: ${listed.join(', ')}${more}.`;
}

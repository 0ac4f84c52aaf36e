#!/usr/bin/env node
/**
 * Links the shared pretrained models into public/models/ (gitignored), so that `npm run dev`
 * serves them as the self-hosted models folder: public/models/<id> -> ../shared/models/<id>.
 * The shared folder is env GLIMPSE_SHARED, else ../shared next to this checkout.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.GLIMPSE_SHARED ?? join(root, '..', 'shared'));
const source = join(shared, 'models');
const target = join(root, 'public', 'models');

if (!existsSync(source)) {
  console.log(`No shared models at ${source}: nothing to link.`);
  process.exit(0);
}
mkdirSync(target, { recursive: true });
for (const entry of readdirSync(source, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const link = join(target, entry.name);
  if (existsSync(link) || isSymlink(link)) {
    console.log(`kept    public/models/${entry.name}`);
    continue;
  }
  symlinkSync(relative(target, join(source, entry.name)), link, 'dir');
  console.log(`linked  public/models/${entry.name} -> ${join(source, entry.name)}`);
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

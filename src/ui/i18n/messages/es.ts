/** The Spanish messages (neutral, Latin-American friendly). Same keys as English, or a type error. */
import type { Messages } from './en';
import { app } from './es/app';
import { classes } from './es/classes';
import { preview } from './es/preview';
import { project } from './es/project';
import { train } from './es/train';

export const es = { ...app, ...classes, ...train, ...preview, ...project } satisfies Messages;

/**
 * The English messages: the source of truth for every key. Other languages are typed
 * `satisfies Messages`, so a missing or extra key is a type error.
 */
import { app } from './en/app';
import { classes } from './en/classes';
import { preview } from './en/preview';
import { project } from './en/project';
import { train } from './en/train';

export const en = { ...app, ...classes, ...train, ...preview, ...project };

/** Every message: a string, or a function of its arguments (plurals, names, numbers). */
export type Messages = typeof en;

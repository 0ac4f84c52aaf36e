/**
 * The typed message lookup: `t('train.train')` for a plain string, `t('common.images', 3)` for a
 * message that takes arguments (plurals, names). Keys and arguments are checked by TypeScript.
 */
import type { Messages } from './messages/en';

/** A message's key, e.g. `'train.heading'`. */
export type MessageKey = keyof Messages;

/** The arguments a message takes: none for a plain string. */
export type MessageArgs<K extends MessageKey> = Messages[K] extends (...args: infer A) => string
  ? A
  : [];

/** Looks up one message in the current language. */
export type Translate = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

/** The {@link Translate} function for one language's messages. */
export function translator(messages: Messages): Translate {
  return (key, ...args) => {
    const message: unknown = messages[key];
    return typeof message === 'function'
      ? (message as (...a: unknown[]) => string)(...args)
      : String(message);
  };
}

import * as Comlink from 'comlink';
import { CoreError, type CoreErrorData } from '../errors';

/**
 * Comlink's default "throw" handler keeps only message and stack. This one carries the
 * CoreError's code and field issues across the worker boundary. Both sides import it.
 */
const builtIn = Comlink.transferHandlers.get('throw');
if (!builtIn) throw new Error('comlink has no built-in throw handler to extend');

Comlink.transferHandlers.set('throw', {
  canHandle: builtIn.canHandle,
  serialize: (thrown: unknown) => {
    const { value } = thrown as { value: unknown };
    return [CoreError.from(value).toData(), []];
  },
  deserialize: (data: unknown) => {
    throw CoreError.fromData(data as CoreErrorData);
  },
});

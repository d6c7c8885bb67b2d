/**
 * The context key `<ct-connect>` provides and every element consumes. Made with
 * `Symbol.for` so two copies of the package on one page still meet.
 */
import { createContext } from '@lit/context';
import type { ConnectSnapshot } from './connect-store.ts';

export const connectContext = createContext<ConnectSnapshot>(Symbol.for('ct-connect'));

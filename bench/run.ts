// `npm run bench`: every benchmark, one after the other.
import { main as size } from './size.ts';

await size();
console.log();
const relay = await import('./relay.ts').catch(() => undefined);
if (relay) await relay.main();

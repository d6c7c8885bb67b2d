// `npm run bench`: every benchmark, one after the other, each printing its ratios.
import { main as size } from './size.ts';
import { main as relay } from './relay.ts';
import { main as sharedStore } from './shared-store.ts';

await size();
console.log();
await relay();
console.log();
await sharedStore();

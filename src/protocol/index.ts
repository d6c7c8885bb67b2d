/**
 * The Connect API as data, for the browser and the server alike. The XML codec is not
 * exported here: import `./xml.ts` on the server side only.
 */
export * from './actions.ts';
export * from './guide.ts';
export * from './returns.ts';
export * from './errors.ts';
export * from './lists.ts';
export * from './validate.ts';
export * from './contract.ts';
export * from './php-urlencode.ts';
export * from './rules.ts';
export * from './terms.ts';

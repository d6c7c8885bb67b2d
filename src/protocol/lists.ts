/**
 * The fixed lists the Connect API serves that are not country data: account types,
 * callback types and connection types (PROTOCOL.md "Calls and the fields they return").
 * Countries and their dial prefixes come from a data package on the server side
 * (src/emulator/countries.ts).
 */
import { FTP_CONNECTION_ID } from './actions.ts';

export const ACCOUNT_TYPES: readonly { account_id: string; account_type: string }[] = [
  { account_id: '1', account_type: 'International' },
  { account_id: '2', account_type: 'USA Local' },
  { account_id: '7', account_type: 'India Only Account' },
];

/**
 * The guide gives "1 – HTTP Get" as the callback type's default, but its list starts at
 * 0 with HTTP GET; this project keeps the list and takes HTTP GET (0) as the default.
 */
export const CALLBACK_TYPES: readonly { callback_type_id: string; callback_type: string }[] = [
  { callback_type_id: '0', callback_type: 'HTTP GET' },
  { callback_type_id: '1', callback_type: 'HTTP POST' },
  { callback_type_id: '2', callback_type: 'XML GET' },
  { callback_type_id: '3', callback_type: 'XML POST' },
  { callback_type_id: '4', callback_type: 'SOAP GET' },
  { callback_type_id: '5', callback_type: 'JSON POST' },
  { callback_type_id: '6', callback_type: 'SOAP POST' },
];

export const CONNECTION_TYPES: readonly { connection_type_id: string; connection_type: string }[] = [
  { connection_type_id: '2', connection_type: 'HTTP API' },
  { connection_type_id: '3', connection_type: 'SMTP API' },
  { connection_type_id: FTP_CONNECTION_ID, connection_type: 'FTP API' },
  { connection_type_id: '5', connection_type: 'SOAP API' },
  { connection_type_id: '6', connection_type: 'COM Object' },
  { connection_type_id: '7', connection_type: 'SMPP API' },
  { connection_type_id: '13', connection_type: 'XML API' },
];

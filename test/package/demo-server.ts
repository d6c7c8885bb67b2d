// The demo page as `npm start` serves it (Vite with the relay and emulator in process) on a
// free port, with Chromium, for the node tests that look at the whole page.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { Browser } from 'puppeteer-core';
import { connectDevPlugin } from '../../src/dev.ts';
import { launchChromium } from './chromium.ts';

export interface Demo {
  readonly url: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startDemo(): Promise<Demo> {
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('../../demo/', import.meta.url)),
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'silent',
    plugins: [connectDevPlugin()],
  });
  await server.listen();
  const address = server.httpServer!.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
  const browser = await launchChromium();
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

import { expect } from '@open-wc/testing';
import { ConnectClient } from '../../src/client/connect-client.ts';
import { ConnectError } from '../../src/client/connect-error.ts';
import { DOWN_ENDPOINT, createAccount, resetEmulator, username } from './helpers.ts';

/** Counts the requests that really leave the page (the calls still reach the relay). */
function countRequests(): { count: () => number; restore: () => void } {
  const real = window.fetch;
  let n = 0;
  window.fetch = (...args: Parameters<typeof fetch>) => {
    n++;
    return real(...args);
  };
  return { count: () => n, restore: () => (window.fetch = real) };
}

describe('ConnectClient', () => {
  before(resetEmulator);

  it('fetches a list once for concurrent callers and serves it from the page cache afterwards', async () => {
    const client = new ConnectClient('/connect');
    const spy = countRequests();
    try {
      const [a, b] = await Promise.all([client.call('get_list_country'), client.call('get_list_country')]);
      expect(a).to.equal(b);
      expect(a.length).to.be.greaterThan(100);
      expect(spy.count()).to.equal(1);
      await client.call('get_list_country');
      expect(spy.count()).to.equal(1);
      await client.call('get_list_terms', { country_id: '1' });
      await client.call('get_list_terms', { country_id: '2' });
      expect(spy.count()).to.equal(3);
    } finally {
      spy.restore();
    }
  });

  it('never caches calls that are not lists', async () => {
    const client = new ConnectClient('/connect');
    const first = await client.call('get_captcha');
    const second = await client.call('get_captcha');
    expect(first[0]!.captcha_id).not.to.equal(second[0]!.captcha_id);
  });

  it('throws a ConnectError with the API code for a Connect refusal', async () => {
    const account = await createAccount();
    const client = new ConnectClient('/connect');
    const error = await client
      .call('authenticate_user', { user: account.user, password: 'Wrong1234' })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConnectError);
    expect(error).to.include({ code: '404', action: 'authenticate_user', status: 200 });
  });

  it('throws a ConnectError with Retry-After for a rate-limited call', async () => {
    const client = new ConnectClient('/connect-limited');
    const user = username('limited');
    await client.call('authenticate_user', { user, password: 'Secret123' }).catch(() => {});
    const error = (await client
      .call('authenticate_user', { user, password: 'Secret123' })
      .catch((e) => e)) as ConnectError;
    expect(error.code).to.equal('rate_limited');
    expect(error.status).to.equal(429);
    expect(error.retryAfter).to.be.greaterThan(0);
  });

  it('throws a "network" ConnectError when the relay cannot be reached, and does not cache the failure', async () => {
    const client = new ConnectClient(DOWN_ENDPOINT);
    const error = (await client.call('get_list_country').catch((e) => e)) as ConnectError;
    expect(error).to.include({ code: 'network', status: 0 });
    const again = (await client.call('get_list_country').catch((e) => e)) as ConnectError;
    expect(again).not.to.equal(error);
  });

  it('reports who is signed in, and nobody after logout', async () => {
    const account = await createAccount();
    const client = new ConnectClient('/connect');
    await client.call('authenticate_user', { user: account.user, password: account.password });
    expect((await client.session())?.user).to.equal(account.user);
    await client.logout();
    expect(await client.session()).to.equal(null);
  });
});

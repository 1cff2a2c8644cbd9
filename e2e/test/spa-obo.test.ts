import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { SpaPage } from '../src/spa-page.ts';

describe('on-behalf-of in the scenario: SPA → API → Microsoft Graph', { timeout: 300_000 }, () => {
  let scenario: Scenario;
  let page: Page;
  let spa: SpaPage;

  before(async () => {
    scenario = await startScenario({ tenant: tenants.demo });
    page = await scenario.browser!.context.newPage();
    spa = new SpaPage(page, scenario.spaUrl);
    await spa.open();
  });
  after(() => scenario?.close());

  it('SPA → API → API: the API exchanges the SPA token for a Graph token (on-behalf-of) and the SPA shows the profile', async () => {
    await spa.signInWithPopup(demo.adele, { consent: true });
    await spa.act('Call the API, which calls Microsoft Graph for me');
    await snap(page, 'spa-obo');
    assert.equal(await spa.error(), '');
    const answer = await spa.apiAnswer();
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body) as {
      via: string;
      downstreamToken: { aud: string; ver: string; scp: string; appid: string };
      graphStatus: number;
      profile: { id: string; displayName: string; userPrincipalName: string };
    };
    assert.equal(body.via, 'on-behalf-of');
    assert.equal(body.graphStatus, 200);
    assert.deepEqual(body.downstreamToken, {
      aud: 'https://graph.microsoft.com',
      ver: '1.0',
      scp: 'User.Read',
      appid: demo.apiAppId,
    });
    assert.equal(body.profile.id, demo.adele.oid);
    assert.equal(body.profile.displayName, demo.adele.name);
    assert.equal(body.profile.userPrincipalName, demo.adele.upn);
  });
});

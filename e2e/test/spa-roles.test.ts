import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { snap } from '../src/artifacts.ts';
import { demo } from '../src/demo.ts';
import { tenants } from '../src/fixtures.ts';
import { type Scenario, startScenario } from '../src/scenario.ts';
import { SpaPage } from '../src/spa-page.ts';

/** The demo tenant's groups (examples/tenant.yaml): Data Editors is nested in All Contoso. */
const DATA_EDITORS = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e61';
const ALL_CONTOSO = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e62';

describe('the SPA shows the roles and groups tokens carry; the API route needing a user role', {
  timeout: 240_000,
}, () => {
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

  it('Adele signs in: the Data.Edit role (through Data Editors) and both groups (nesting) are shown', async () => {
    await spa.signInWithPopup(demo.adele, { consent: true });
    await spa.noError();
    const roles = page.getByTestId('user-roles');
    await roles.filter({ hasText: 'Data.Edit' }).waitFor({ timeout: 20_000 });
    const groups = (await page.getByTestId('user-groups').textContent()) ?? '';
    assert.ok(groups.includes(DATA_EDITORS), groups);
    assert.ok(groups.includes(ALL_CONTOSO), groups);
    assert.match(await spa.claim('access-token', 'roles'), /Data\.Edit/);
    await snap(page, 'roles-01-signed-in');
  });

  it('the editor route accepts her token because it carries the role', async () => {
    await spa.act('Call the editor route (needs the Data.Edit role)');
    await spa.noError();
    const answer = await spa.apiAnswer();
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, /Data\.Edit/);
    await snap(page, 'roles-02-editor-route');
  });
});

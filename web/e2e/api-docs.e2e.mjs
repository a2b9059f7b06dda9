// The API documentation pages the server serves with the vendor assets this package copies into dist/vendor/.
import assert from 'node:assert/strict';
import { test } from './harness.mjs';

test('/api/docs/ shows Swagger UI listing the /healthz operation', async ({ page }) => {
  const response = await page.goto('/api/docs/');
  assert.equal(response?.status(), 200);
  const operation = page.locator('.swagger-ui .opblock', { has: page.locator('[data-path="/healthz"]') });
  await operation.first().waitFor({ timeout: 20_000 });
  assert.match(await operation.first().locator('.opblock-summary-method').innerText(), /^GET$/);
});

test('/api/redoc/ renders ReDoc with the API title', async ({ page }) => {
  const schema = await page.request.get('/api/schema/');
  assert.equal(schema.status(), 200);
  const { info } = await schema.json();
  assert.ok(info?.title, 'the OpenAPI document has no info.title');

  const response = await page.goto('/api/redoc/');
  assert.equal(response?.status(), 200);
  const heading = page.getByRole('heading', { level: 1, name: info.title });
  await heading.waitFor({ timeout: 20_000 });
  // ReDoc, not a plain page that happens to show the title: it renders the operations, /healthz among them.
  await page.getByText('/healthz', { exact: true }).filter({ visible: true }).first().waitFor();
});

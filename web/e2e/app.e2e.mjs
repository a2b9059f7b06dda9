// The app shell as a person meets it: home page, navigation, language, deep links, phone layout.
import assert from 'node:assert/strict';
import { eventually, test } from './harness.mjs';

const ko = { welcome: 'Spotter에 오신 것을 환영합니다', nav: '주 메뉴', anonymousNav: ['홈', '로그인', '회원가입'] };
const en = { welcome: 'Welcome to Spotter', nav: 'Main', anonymousNav: ['Home', 'Log in', 'Sign up'] };

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const mainNav = (page, name) => page.getByRole('navigation', { name, exact: true });
const navTexts = (nav) => nav.getByRole('link').allInnerTexts();

test('home page loads with the Spotter title and says the server is online', async ({ page }) => {
  const healthz = page.waitForResponse((r) => new URL(r.url()).pathname === '/healthz');
  const response = await page.goto('/');
  assert.equal(response?.status(), 200);

  await h1(page, ko.welcome).waitFor();
  assert.equal(await page.title(), 'Spotter');
  await page.getByRole('banner').getByRole('link', { name: 'Spotter' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');

  // The status line asks GET /healthz through the API client and reports the answer.
  assert.equal((await healthz).status(), 200);
  await page.getByRole('status').filter({ hasText: '서버 정상' }).waitFor();
});

test('navigation shows the anonymous items and leads to their pages', async ({ page }) => {
  await page.goto('/');
  const nav = mainNav(page, ko.nav);
  await eventually(async () => assert.deepEqual(await navTexts(nav), ko.anonymousNav));
  assert.equal(await nav.getByRole('link', { name: '홈' }).getAttribute('aria-current'), 'page');

  await nav.getByRole('link', { name: '회원가입' }).click();
  await h1(page, '회원가입').waitFor();
  assert.equal(new URL(page.url()).pathname, '/signup');
  assert.equal(await nav.getByRole('link', { name: '회원가입' }).getAttribute('aria-current'), 'page');
  assert.equal(await page.title(), '회원가입 · Spotter');
});

test('a members-only page sends an anonymous visitor to log in', async ({ page }) => {
  await page.goto('/coaching');
  await h1(page, '로그인').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
});

test('switching the language to English changes the texts and survives a reload', async ({ page }) => {
  await page.goto('/');
  await h1(page, ko.welcome).waitFor();

  await page.getByLabel('언어').selectOption('en');
  await h1(page, en.welcome).waitFor();
  await eventually(async () => assert.deepEqual(await navTexts(mainNav(page, en.nav)), en.anonymousNav));
  await page.getByRole('status').filter({ hasText: 'Server online' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');

  await page.reload();
  await h1(page, en.welcome).waitFor();
  await eventually(async () => assert.deepEqual(await navTexts(mainNav(page, en.nav)), en.anonymousNav));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByLabel('Language').inputValue(), 'en');

  // and back
  await page.getByLabel('Language').selectOption('ko');
  await h1(page, ko.welcome).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
});

test('a deep link to a client route loads the app on that page', async ({ page }) => {
  const response = await page.goto('/login');
  assert.equal(response?.status(), 200);
  assert.match(response?.headers()['content-type'] ?? '', /^text\/html/);
  await h1(page, '로그인').waitFor();
  assert.equal(await page.title(), '로그인 · Spotter');
  const nav = mainNav(page, ko.nav);
  assert.equal(await nav.getByRole('link', { name: '로그인' }).getAttribute('aria-current'), 'page');

  // A path the app does not know gets the app's own "not found" page.
  await page.goto('/no/such/page');
  await h1(page, '페이지를 찾을 수 없습니다').waitFor();
  await page.getByRole('link', { name: '홈으로' }).click();
  await h1(page, ko.welcome).waitFor();
});

test('on a phone (390x844) the navigation is a bottom tab bar', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await h1(page, ko.welcome).waitFor();
  const nav = mainNav(page, ko.nav);
  await nav.waitFor();

  const atBottom = async () => {
    const box = await nav.boundingBox();
    assert.ok(box, 'the navigation has no box');
    assert.ok(Math.abs(box.y + box.height - 844) <= 1, `the navigation ends at y=${box.y + box.height}, not 844`);
    assert.ok(box.x <= 0.5 && box.width >= 389.5, `the navigation spans x=${box.x}..${box.x + box.width}`);
    return box;
  };
  await eventually(atBottom);
  for (const link of await nav.getByRole('link').all()) {
    const box = await link.boundingBox();
    assert.ok(box && box.height >= 44, `a tab is only ${box?.height}px high: too small for a thumb`);
    assert.ok(box.x >= 0 && box.x + box.width <= 390.5, 'a tab sticks out of the screen');
  }

  // It stays at the bottom when the page scrolls, and the end of the page is not hidden under it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const navBox = await eventually(atBottom);
  const footer = await page.locator('footer').boundingBox();
  assert.ok(footer && footer.y + footer.height <= navBox.y + 1, 'the page footer is hidden under the tab bar');

  // On a wide screen the same navigation is a side bar instead.
  await page.setViewportSize({ width: 1280, height: 800 });
  await eventually(async () => {
    const box = await nav.boundingBox();
    assert.ok(box && box.x <= 0.5 && box.y < 100 && box.width < 400, `not a side bar: ${JSON.stringify(box)}`);
  });
});

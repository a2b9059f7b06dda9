// Accounts as a person meets them: signing up (with the e-mailed verification code), logging in and out, a
// forgotten password, and the session surviving a reload and an access token the server no longer accepts.
// The e-mail is real: the server sends it over SMTP to the sink run.mjs started, and the tests read the code there.
import assert from 'node:assert/strict';
import { eventually, test } from './harness.mjs';
import { codeIn } from './mailbox.mjs';

const nav = {
  anonymous: ['홈', '로그인', '회원가입'],
  member: ['홈', '내 운동', '코칭', '커뮤니티', '수업', '프로필'],
  trainer: ['홈', '회원', '운동', '시범 영상', '수업', '프로필'],
};
const unverifiedBanner = '이메일 인증이 아직 완료되지 않았습니다.';
const password = 'Spotter-2024!';

let serial = 0;
/** An address no other test (or run against the same server) uses. */
function newEmail(kind) {
  serial += 1;
  return `${kind}-${Date.now().toString(36)}-${serial}@example.com`;
}

const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const mainNav = (page) => page.getByRole('navigation', { name: '주 메뉴', exact: true });

async function expectNav(page, items) {
  await eventually(async () => assert.deepEqual(await mainNav(page).getByRole('link').allInnerTexts(), items));
}

/** The texts an input's aria-describedby points at: its error and hint, as a screen reader reads them. */
async function descriptionOf(locator) {
  return locator.evaluate((input) =>
    (input.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`)
      .join(' | '),
  );
}

/** Creates an account through the API, for tests about what comes after sign-up. */
async function signUpByApi(page, { email, name = '테스트', userType = 'member', pw = password }) {
  const response = await page.request.post('/auth/sign-up/', {
    data: {
      name,
      email,
      password: pw,
      confirm_password: pw,
      user_type: userType,
      terms_agreed: true,
      privacy_agreed: true,
      marketing_agreed: false,
    },
  });
  assert.equal(response.status(), 201, `POST /auth/sign-up/ answered ${response.status()}: ${await response.text()}`);
}

async function logIn(page, email, pw = password) {
  await page.goto('/login');
  await h1(page, '로그인').waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(pw);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
}

async function logOutFromMenu(page) {
  await page.getByRole('button', { name: /계정 메뉴/ }).click();
  await page.getByRole('button', { name: '로그아웃', exact: true }).click();
  await expectNav(page, nav.anonymous);
}

async function fillSignUp(page, { name, email, pw, confirm = pw, type = '회원' }) {
  await page.getByRole('radio', { name: type, exact: true }).check();
  await page.getByLabel('이름').fill(name);
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(pw);
  await page.getByLabel('비밀번호 확인').fill(confirm);
  await page.getByLabel('(필수) 이용약관에 동의합니다').check();
  await page.getByLabel('(필수) 개인정보 수집·이용에 동의합니다').check();
}

test('sign up as a member, verify the e-mailed code, log out, log in again, log out', async ({ page, mailbox }) => {
  const email = newEmail('member');
  const before = await mailbox.list();

  await page.goto('/signup');
  await h1(page, '회원가입').waitFor();
  await fillSignUp(page, { name: '김회원', email, pw: password });
  // The rules are ticked off live.
  const rules = page.locator('.password-rules li');
  assert.deepEqual(await rules.evaluateAll((items) => items.map((li) => li.dataset.met)), ['true', 'true', 'true', 'true']);
  await page.getByRole('button', { name: '가입하기' }).click();

  // Signed up and logged in at once: the verification page, with the banner and the address filled in.
  await h1(page, '이메일 인증').waitFor();
  assert.equal(new URL(page.url()).pathname, '/verify-email');
  await page.getByText(unverifiedBanner).waitFor();
  await expectNav(page, nav.member);
  assert.equal(await page.getByLabel('이메일', { exact: true }).inputValue(), email);
  const code = page.getByLabel('인증 코드');
  assert.equal(await code.getAttribute('inputmode'), 'numeric');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  // The server just sent a code: "send again" waits out its one-minute cooldown, visibly.
  const waiting = page.getByRole('button', { name: /초 후 다시 보낼 수 있습니다/ });
  assert.equal(await waiting.isDisabled(), true);

  // The banner is on every page while the address is unverified, and leads back here.
  await mainNav(page).getByRole('link', { name: '홈' }).click();
  await h1(page, '김회원님, 반갑습니다').waitFor();
  await page.getByRole('link', { name: '지금 인증하기' }).click();
  await h1(page, '이메일 인증').waitFor();
  // Arriving this way the page does not know a code went out a moment ago; asking for another one within the
  // minute gets a 429 from the server, and the button counts down its Retry-After.
  await page.getByRole('button', { name: '인증 코드 다시 보내기' }).click();
  await waiting.waitFor();
  assert.equal(await waiting.isDisabled(), true);

  const mail = await mailbox.waitFor({ to: email, after: before });
  await code.fill(codeIn(mail));
  await page.getByRole('button', { name: '인증하기' }).click();

  await page.getByRole('status').filter({ hasText: '이메일 인증이 완료되었습니다.' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await h1(page, '김회원님, 반갑습니다').waitFor();
  await page.getByText(unverifiedBanner).waitFor({ state: 'detached' });

  // The session survives a reload: the refresh token in localStorage buys a new access token.
  assert.ok(await page.evaluate(() => localStorage.getItem('spotter.refresh')), 'no refresh token stored');
  await page.reload();
  await h1(page, '김회원님, 반갑습니다').waitFor();
  await expectNav(page, nav.member);
  assert.equal(await page.getByText(unverifiedBanner).count(), 0);

  await logOutFromMenu(page);
  await h1(page, 'Spotter에 오신 것을 환영합니다').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('spotter.refresh')), null);

  // Log in again with the same credentials.
  await mainNav(page).getByRole('link', { name: '로그인' }).click();
  await h1(page, '로그인').waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await h1(page, '김회원님, 반갑습니다').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await expectNav(page, nav.member);
  assert.equal(await page.getByText(unverifiedBanner).count(), 0);

  await logOutFromMenu(page);
  await h1(page, 'Spotter에 오신 것을 환영합니다').waitFor();
});

test('a wrong password shows the error on the login form', async ({ page }) => {
  const email = newEmail('wrongpw');
  await signUpByApi(page, { email });
  await logIn(page, email, 'Not-the-password-1!');

  const summary = page.getByRole('alert').filter({ hasText: '이메일 또는 비밀번호가 올바르지 않습니다.' });
  await summary.waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await expectNav(page, nav.anonymous);
  // The summary sits in the form, above its fields, and takes the focus so it is read out.
  const form = page.locator('form');
  assert.equal(await form.getByRole('alert').count(), 1);
  assert.equal(await summary.evaluate((el) => el === document.activeElement), true);
  assert.equal(await page.getByRole('button', { name: '로그인', exact: true }).isEnabled(), true);
});

test('sign-up with a too-short password shows the rule beside the password field', async ({ page }) => {
  await page.goto('/signup');
  await h1(page, '회원가입').waitFor();
  const email = newEmail('shortpw');
  await fillSignUp(page, { name: '박짧은', email, pw: 'abc12!' });
  const field = page.getByLabel('비밀번호', { exact: true });
  assert.equal(
    await page.locator('.password-rules li[data-rule="length"]').getAttribute('data-met'),
    'false',
    'the length rule shows as met',
  );
  await page.getByRole('button', { name: '가입하기' }).click();

  await eventually(async () => assert.equal(await field.getAttribute('aria-invalid'), 'true'));
  const description = await descriptionOf(field);
  assert.match(description, /비밀번호는 10자리 이상이어야 합니다\./);
  assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the focus is not on the field');
  assert.equal(new URL(page.url()).pathname, '/signup');

  // A rule only the server knows (no e-mail address in the password) comes back beside the same field.
  const local = email.split('@')[0];
  await field.fill(`${local}-X1!`);
  await page.getByLabel('비밀번호 확인').fill(`${local}-X1!`);
  await page.getByRole('button', { name: '가입하기' }).click();
  await eventually(async () =>
    assert.match(await descriptionOf(field), /비밀번호에 이메일 주소를 포함할 수 없습니다\./),
  );
  assert.equal(new URL(page.url()).pathname, '/signup');
});

test('forgot password: the e-mailed code sets a new password, then log in with it', async ({ page, mailbox }) => {
  const email = newEmail('trainer');
  await signUpByApi(page, { email, name: '이코치', userType: 'trainer' });

  await page.goto('/login');
  await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
  await h1(page, '비밀번호 찾기').waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  const before = await mailbox.list();
  await page.getByRole('button', { name: '재설정 코드 받기' }).click();

  await h1(page, '비밀번호 재설정').waitFor();
  assert.equal(new URL(page.url()).pathname, '/reset-password');
  assert.equal(await page.getByLabel('이메일', { exact: true }).inputValue(), email);
  const mail = await mailbox.waitFor({ to: email, after: before, subject: /비밀번호 재설정/ });

  const newPassword = 'Deadlift-2025?';
  await page.getByLabel('인증 코드').fill(codeIn(mail));
  await page.getByLabel('새 비밀번호').fill(newPassword);
  await page.getByLabel('비밀번호 확인').fill(newPassword);
  await page.getByRole('button', { name: '새 비밀번호 저장' }).click();

  await h1(page, '로그인').waitFor();
  await page.getByRole('status').filter({ hasText: '비밀번호가 재설정되었습니다' }).waitFor();
  assert.equal(await page.getByLabel('이메일', { exact: true }).inputValue(), email);

  // The old password no longer works; the new one does.
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '이메일 또는 비밀번호가 올바르지 않습니다.' }).waitFor();
  await page.getByLabel('비밀번호', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await h1(page, '이코치님, 반갑습니다').waitFor();
  await expectNav(page, nav.trainer);
  // The reset code proved the inbox as well: the server counts the address as verified.
  assert.equal(await page.getByText(unverifiedBanner).count(), 0);

  // Changing the password on the profile page: the server ends the other sessions and gives this one new tokens,
  // which the app keeps (a reload still finds the user signed in).
  await mainNav(page).getByRole('link', { name: '프로필' }).click();
  await h1(page, '프로필').waitFor();
  await page.getByLabel('현재 비밀번호').fill(newPassword);
  await page.getByLabel('새 비밀번호').fill('Bench-press-77!');
  await page.getByLabel('비밀번호 확인').fill('Bench-press-77!');
  await page.getByRole('button', { name: '비밀번호 변경' }).click();
  await page.getByRole('status').filter({ hasText: '비밀번호가 변경되었습니다.' }).waitFor();
  await page.reload();
  await h1(page, '프로필').waitFor();
  await expectNav(page, nav.trainer);

  // Log out from the profile page: home, anonymous.
  await page.getByRole('button', { name: '로그아웃', exact: true }).click();
  await h1(page, 'Spotter에 오신 것을 환영합니다').waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await expectNav(page, nav.anonymous);
});

test('an access token the server refuses is renewed once with the refresh token, and the request retried', async ({
  page,
}) => {
  const email = newEmail('renew');
  await signUpByApi(page, { email, name: '최갱신' });
  await logIn(page, email);
  await h1(page, '최갱신님, 반갑습니다').waitFor();

  // After a reload, make the server's first answer to /api/auth/me/ a 401 token_not_valid, as for an expired token.
  let refused = 0;
  await page.route('**/api/auth/me/', async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 401, code: 'token_not_valid', detail: 'Token is expired', success: false }),
      });
    } else {
      await route.continue();
    }
  });
  const refreshes = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/auth/token/refresh/') refreshes.push(request);
  });
  await page.reload();
  await h1(page, '최갱신님, 반갑습니다').waitFor();
  await expectNav(page, nav.member);
  assert.equal(refused, 1);
  // One refresh at start (no access token in memory after a reload), one for the refused token.
  assert.equal(refreshes.length, 2, `${refreshes.length} refresh calls`);
  await page.unroute('**/api/auth/me/');

  // A refresh token the server no longer accepts signs the user out locally.
  await page.evaluate(() => localStorage.setItem('spotter.refresh', 'not-a-token'));
  await page.reload();
  await h1(page, 'Spotter에 오신 것을 환영합니다').waitFor();
  await expectNav(page, nav.anonymous);
  assert.equal(await page.evaluate(() => localStorage.getItem('spotter.refresh')), null);
});

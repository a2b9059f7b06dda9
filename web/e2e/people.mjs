// Accounts for the tests: signing up through the API (no e-mail round trip), logging in through the
// page, and calls made on someone's behalf with their access token.
import assert from 'node:assert/strict';

export const password = 'Spotter-2024!';

/** A name and an e-mail address no other test uses. */
export function newPerson(kind, name) {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  return { name: `${name}${tag}`, email: `${kind}-${tag}@example.com` };
}

export const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });

/** Signs up through the API; returns the user. */
export async function signUpByApi(page, { name, email, userType }) {
  const response = await page.request.post('/auth/sign-up/', {
    data: {
      name,
      email,
      password,
      confirm_password: password,
      user_type: userType,
      terms_agreed: true,
      privacy_agreed: true,
      marketing_agreed: false,
    },
  });
  assert.equal(response.status(), 201, `POST /auth/sign-up/ answered ${response.status()}: ${await response.text()}`);
  return (await response.json()).user;
}

export async function accessTokenOf(page, email) {
  const response = await page.request.post('/auth/login/', { data: { email, password } });
  assert.equal(response.status(), 200, `POST /auth/login/ answered ${response.status()}: ${await response.text()}`);
  return (await response.json()).tokens.access;
}

/** A call with `token`; returns the parsed reply after checking it is a success. */
export async function callAs(page, token, method, path, data) {
  const response = await page.request.fetch(path, { method, data, headers: { Authorization: `Bearer ${token}` } });
  assert.ok(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

export async function logIn(page, email) {
  await page.goto('/login');
  await h1(page, '로그인').waitFor();
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /님, 반갑습니다$/ }).waitFor();
}

// Profiles and trainer–member management as people meet them: a trainer finds a member and takes them on, opens
// their page; a member edits their profile and sees the chart follow, uploads a photo, leaves their trainer; and
// a member who wanders onto the trainer pages is turned away without seeing anything.
import assert from 'node:assert/strict';
import { eventually, test } from './harness.mjs';
import { accessTokenOf, callAs, h1, logIn, newPerson, signUpByApi } from './people.mjs';

const forbidden = '이 페이지를 볼 권한이 없습니다';

const mainNav = (page) => page.getByRole('navigation', { name: '주 메뉴', exact: true });

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

/** A PNG drawn on a canvas in the page: a gradient with some noise, `size` pixels square. */
async function makePng(page, size) {
  const dataUrl = await page.evaluate((side) => {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, side, side);
    gradient.addColorStop(0, '#0f766e');
    gradient.addColorStop(1, '#f59e0b');
    context.fillStyle = gradient;
    context.fillRect(0, 0, side, side);
    const image = context.getImageData(0, 0, side, side);
    for (let i = 0; i < image.data.length; i += 4) image.data[i] = (image.data[i] + Math.random() * 80) & 255;
    context.putImageData(image, 0, 0);
    return canvas.toDataURL('image/png');
  }, size);
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

test('a trainer finds a member by name, assigns them, opens their page and unassigns them', async ({ page }) => {
  const trainer = newPerson('trainer', '이코치');
  const member = newPerson('member', '한지민');
  await signUpByApi(page, { ...trainer, userType: 'trainer' });
  const { id: memberId } = await signUpByApi(page, { ...member, userType: 'member' });
  // The member has filled in some of their profile.
  const memberToken = await accessTokenOf(page, member.email);
  await callAs(page, memberToken, 'PATCH', '/api/members/profile/', { weight_kg: 80, height_cm: 181.5, phone: '010-2222-3333' });

  await logIn(page, trainer.email);
  await mainNav(page).getByRole('link', { name: '회원' }).click();
  await h1(page, '회원').waitFor();
  await page.getByText('아직 담당 회원이 없습니다.').waitFor();

  // Search by part of the name: the debounced search lists the unassigned member.
  const searches = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/members/search/') searches.push(new URL(request.url()).searchParams.get('query'));
  });
  await page.getByLabel('이름 또는 이메일').pressSequentially(member.name.slice(0, 8), { delay: 20 });
  const assign = page.getByRole('button', { name: `${member.name} 배정`, exact: true });
  await assign.waitFor();
  assert.ok(searches.length <= 2, `the search asked the server ${searches.length} times while typing: ${searches}`);
  await page.getByText('1명을 찾았습니다.').waitFor();

  await assign.click();
  await page.getByRole('status').filter({ hasText: `${member.name}님을 내 회원으로 등록했습니다.` }).waitFor();
  await assign.waitFor({ state: 'detached' }); // no longer unassigned
  const link = page.getByRole('link', { name: member.name });
  await link.waitFor();
  const row = page.getByRole('listitem').filter({ has: link });
  await row.getByText('010-2222-3333').waitFor();
  await row.getByText('프로필 미완성').waitFor();

  // The filter box narrows the list.
  const filter = page.getByLabel('이름, 이메일, 전화번호로 거르기');
  await filter.fill('없는 사람');
  await page.getByText('조건에 맞는 회원이 없습니다.').waitFor();
  await filter.fill('22223333');
  await link.waitFor();

  // The member's page: profile, metrics chart, trainer, workouts (none yet).
  await link.click();
  await h1(page, member.name).waitFor();
  assert.equal(new URL(page.url()).pathname, `/members/${memberId}`);
  const profile = page.getByRole('region', { name: '프로필', exact: true });
  await profile.getByText(member.email).waitFor();
  await profile.getByText('181.5', { exact: true }).waitFor();
  await profile.getByText('80', { exact: true }).waitFor();
  const weightChart = page.getByRole('img', { name: /^체중 \(kg\)/ });
  await eventually(async () => assert.equal(await weightChart.getAttribute('data-points'), '1'));
  assert.match(await page.locator('.chart--brand .chart-summary').innerText(), /최근 80 kg/);
  const trainerSection = page.getByRole('region', { name: '담당 트레이너' });
  await trainerSection.getByText(trainer.name).waitFor();
  await trainerSection.getByText(trainer.email).waitFor();
  await page.getByRole('region', { name: '최근 운동' }).getByText('아직 운동 기록이 없습니다.').waitFor();

  // Unassigning asks first, in a dialog that takes the focus and gives it back.
  const unassign = trainerSection.getByRole('button', { name: '배정 해제' });
  await unassign.click();
  const dialog = page.getByRole('dialog', { name: `${member.name}님의 배정을 해제할까요?` });
  await dialog.waitFor();
  await eventually(async () =>
    assert.equal(await dialog.getByRole('button', { name: '취소' }).evaluate((el) => el === document.activeElement), true),
  );
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await eventually(async () => assert.equal(await unassign.evaluate((el) => el === document.activeElement), true));

  await unassign.click();
  await dialog.getByRole('button', { name: '배정 해제' }).click();
  await h1(page, '회원').waitFor();
  await page.getByRole('status').filter({ hasText: `${member.name}님의 배정을 해제했습니다.` }).waitFor();
  await page.getByText('아직 담당 회원이 없습니다.').waitFor();

  // Not theirs any more: the member's page is "not found", not their data.
  await page.goto(`/members/${memberId}`);
  await h1(page, '회원을 찾을 수 없습니다').waitFor();
});

test('assigning a member another trainer has just taken says so', async ({ page }) => {
  const trainer = newPerson('trainer', '박코치');
  const rival = newPerson('trainer', '최코치');
  const member = newPerson('member', '서준호');
  await signUpByApi(page, { ...trainer, userType: 'trainer' });
  await signUpByApi(page, { ...rival, userType: 'trainer' });
  const { id: memberId } = await signUpByApi(page, { ...member, userType: 'member' });

  await logIn(page, trainer.email);
  await page.goto('/members');
  await page.getByLabel('이름 또는 이메일').fill(member.email);
  const assign = page.getByRole('button', { name: `${member.name} 배정`, exact: true });
  await assign.waitFor();

  // Meanwhile the other trainer takes them on.
  const rivalToken = await accessTokenOf(page, rival.email);
  await callAs(page, rivalToken, 'POST', '/api/members/register-member/', { user_id: memberId });

  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/members/register-member/');
  await assign.click();
  assert.equal((await answered).status(), 409);
  await page.getByRole('alert').filter({ hasText: `${member.name}님은 방금 다른 트레이너에게 배정되었습니다.` }).waitFor();
  // The refreshed search no longer offers them, and they are not in my list.
  await assign.waitFor({ state: 'detached' });
  await page.getByText('아직 담당 회원이 없습니다.').waitFor();
});

test('a member edits their profile, sees the new weight on the chart, and leaves their trainer', async ({ page }) => {
  const trainer = newPerson('trainer', '정코치');
  const member = newPerson('member', '윤서연');
  await signUpByApi(page, { ...trainer, userType: 'trainer' });
  const { id: memberId } = await signUpByApi(page, { ...member, userType: 'member' });
  const trainerToken = await accessTokenOf(page, trainer.email);
  await callAs(page, trainerToken, 'POST', '/api/members/register-member/', { user_id: memberId });

  await logIn(page, member.email);
  await mainNav(page).getByRole('link', { name: '프로필' }).click();
  await h1(page, '프로필').waitFor();
  await page.getByRole('region', { name: '프로필 완성도' }).getByText('20% 완성').waitFor();
  await page.getByText('체중이나 체지방률을 저장하면 그래프가 그려집니다.').waitFor();

  // A height out of range is flagged when the field is left, and the message goes as soon as it is fixed.
  const height = page.getByRole('textbox', { name: '키 (cm)', exact: true });
  await height.fill('300');
  await height.blur();
  await eventually(async () => assert.equal(await height.getAttribute('aria-invalid'), 'true'));
  assert.match(await descriptionOf(height), /50에서 272 사이의 값을 입력해주세요\./);
  await height.fill('178');
  await eventually(async () => assert.equal(await height.getAttribute('aria-invalid'), null));
  assert.doesNotMatch(await descriptionOf(height), /사이의 값/);

  await page.getByRole('textbox', { name: '체중 (kg)', exact: true }).fill('72.5');
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname === '/api/members/profile/');
  await page.getByRole('button', { name: '프로필 저장' }).click();
  const reply = await saved;
  assert.equal(reply.status(), 200, await reply.text());
  const { user } = await reply.json();
  assert.deepEqual([user.height_cm, user.weight_kg, user.age], [178, 72.5, null]);
  await page.getByRole('status').filter({ hasText: '프로필이 저장되었습니다.' }).waitFor();

  // The chart has the point, and its table the value.
  const weightChart = page.getByRole('img', { name: /^체중 \(kg\)/ });
  await eventually(async () => assert.equal(await weightChart.getAttribute('data-points'), '1'));
  assert.equal(await page.locator('.chart--brand circle.chart-point').count(), 1);
  await page.getByText('표로 보기').first().click();
  await page.getByRole('table', { name: '체중 (kg)' }).getByRole('cell', { name: '72.5', exact: true }).waitFor();
  // Each period shows it (it was measured today).
  for (const period of ['30일', '전체']) {
    await page.getByRole('radio', { name: period, exact: true }).check();
    await eventually(async () => assert.equal(await weightChart.getAttribute('data-points'), '1'));
  }
  await page.getByRole('region', { name: '프로필 완성도' }).getByText('60% 완성').waitFor();

  // The values are the server's: a reload shows them.
  await page.reload();
  await h1(page, '프로필').waitFor();
  await eventually(async () => assert.equal(await page.getByRole('textbox', { name: '키 (cm)', exact: true }).inputValue(), '178'));
  assert.equal(await page.getByRole('textbox', { name: '체중 (kg)', exact: true }).inputValue(), '72.5');

  // My trainer, and leaving them behind a confirmation.
  const mine = page.getByRole('region', { name: '내 트레이너' });
  await mine.getByText(trainer.name, { exact: true }).waitFor();
  await mine.getByRole('link', { name: trainer.email }).waitFor();
  await mine.getByRole('button', { name: '트레이너 연결 해제' }).click();
  const dialog = page.getByRole('dialog', { name: `${trainer.name} 트레이너와의 연결을 해제할까요?` });
  await dialog.getByRole('button', { name: '연결 해제' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await mine.getByText('아직 담당 트레이너가 없습니다.').waitFor();
  await page.getByRole('status').filter({ hasText: '트레이너와의 연결을 해제했습니다.' }).waitFor();
  const after = await callAs(page, trainerToken, 'GET', '/api/members/');
  assert.equal(after.data.total_count, 0);
});

test('a member uploads a profile photo with a progress bar, sees it, and removes it', async ({ page, context }) => {
  const member = newPerson('member', '오하늘');
  await signUpByApi(page, { ...member, userType: 'member' });
  await logIn(page, member.email);
  await page.goto('/profile');
  await h1(page, '프로필').waitFor();
  const photo = page.getByRole('region', { name: '프로필 사진' });
  const fileInput = photo.getByLabel('사진 선택');

  // Not an image: refused before anything is sent.
  await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await photo.getByRole('alert').filter({ hasText: 'JPEG, PNG, WebP 이미지만 올릴 수 있습니다.' }).waitFor();

  const png = await makePng(page, 320);
  await fileInput.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
  const preview = photo.getByRole('img', { name: '올릴 사진 미리보기' });
  await preview.waitFor();
  assert.match(await preview.getAttribute('src'), /^blob:/);

  // A slow upload link, so the progress bar is seen moving.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: Math.max(40_000, png.length / 2),
  });
  const seen = new Set();
  await page.exposeFunction('reportProgress', (value) => seen.add(value));
  await page.evaluate(() => {
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      if (bar) window.reportProgress(bar.getAttribute('aria-valuenow'));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const uploaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/members/profile/image/');
  await photo.getByRole('button', { name: '업로드' }).click();
  await photo.getByRole('progressbar', { name: '사진 업로드 진행률' }).waitFor();
  const response = await uploaded;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.detach();
  assert.equal(response.status(), 200, `POST /api/members/profile/image/ answered ${response.status()}: ${await response.text()}`);
  assert.ok(seen.size >= 2, `the progress bar showed ${[...seen]}`);

  await photo.getByRole('status').filter({ hasText: '프로필 사진이 저장되었습니다.' }).waitFor();
  const image = photo.getByRole('img', { name: `${member.name}님의 프로필 사진` });
  await image.waitFor();
  assert.match(await image.getAttribute('src'), /^\/media\//);
  await eventually(async () =>
    assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the photo did not load'),
  );
  assert.equal(await photo.getByRole('progressbar').count(), 0);

  // Remove it (after a confirmation): the initial comes back.
  await photo.getByRole('button', { name: '사진 삭제' }).click();
  await page.getByRole('dialog', { name: '프로필 사진을 삭제할까요?' }).getByRole('button', { name: '사진 삭제' }).click();
  await photo.getByRole('status').filter({ hasText: '프로필 사진을 삭제했습니다.' }).waitFor();
  await image.waitFor({ state: 'detached' });
});

test('a member who opens the trainer pages sees "not allowed", and no member data is asked for', async ({ page }) => {
  const member = newPerson('member', '강민호');
  const { id } = await signUpByApi(page, { ...member, userType: 'member' });
  await logIn(page, member.email);

  const asked = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/members/') && !path.startsWith('/api/members/profile/')) asked.push(path);
  });
  await page.goto('/members');
  await h1(page, forbidden).waitFor();
  await page.getByText('회원 계정으로는 이 페이지를 사용할 수 없습니다.').waitFor();
  assert.equal(await page.getByRole('link', { name: '회원', exact: true }).count(), 0, 'the navigation offers /members');

  await page.goto(`/members/${id}`);
  await h1(page, forbidden).waitFor();
  await page.goto('/members/1');
  await h1(page, forbidden).waitFor();
  assert.deepEqual(asked, []);
});

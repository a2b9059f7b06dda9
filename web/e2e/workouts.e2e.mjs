// Workout records as people meet them: a trainer logs a session of three exercises for their member on the
// phone-first logging screen (steppers, rest timer, a personal record, deleting a set), sees the day's totals;
// then the member logs in and finds the session on their calendar and day view.
import assert from 'node:assert/strict';
import { eventually, test } from './harness.mjs';
import { accessTokenOf, callAs, h1, logIn, newPerson, signUpByApi } from './people.mjs';

const totals = async (page, scope) => ({
  sets: (await scope.locator('[data-total="sets"]').innerText()).trim(),
  volume: (await scope.locator('[data-total="volume"]').innerText()).trim(),
});

/** Picks an exercise: a body-part chip, then the search box, then the exercise itself. */
async function pick(page, part, equipment, search, name) {
  await page.getByRole('group', { name: '부위' }).getByRole('button', { name: part, exact: true }).click();
  await page.getByLabel('기구').selectOption(equipment);
  await page.getByLabel('운동 검색').fill(search);
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).first().click();
  await page.getByRole('region', { name: '세트 입력' }).getByText(name, { exact: true }).waitFor();
}

async function saveSet(page, number, name) {
  await page.getByRole('button', { name: '세트 저장', exact: true }).click();
  await page.getByText(`${name} ${number}세트를 저장했습니다.`).waitFor();
}

test('a trainer logs a three-exercise session for a member, who then sees it on their calendar', async ({ page }) => {
  const trainer = newPerson('wtrainer', '코치');
  const member = newPerson('wmember', '회원');
  await signUpByApi(page, { ...trainer, userType: 'trainer' });
  const { id: memberId } = await signUpByApi(page, { ...member, userType: 'member' });
  const token = await accessTokenOf(page, trainer.email);
  await callAs(page, token, 'POST', '/api/members/register-member/', { user_id: memberId });

  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, trainer.email);
  // The trainer's Workouts page lists their members with a one-tap start.
  await page.getByRole('navigation').first().getByRole('link', { name: '운동', exact: true }).click();
  await h1(page, '운동').waitFor();
  await page.getByRole('link', { name: `${member.name} 회원의 오늘 운동 기록하기` }).click();
  await h1(page, `${member.name}님 운동 기록`).waitFor();
  const day = page.getByRole('region', { name: '오늘의 운동' });
  await day.getByText('이 날의 운동 기록이 없습니다.').waitFor();

  // 1. Bench press: 10 × 20 kg, then 10 × 22.5 kg, a personal record; the rest timer starts after each set.
  await pick(page, '가슴', '바벨', '플랫 벤치', '바벨 플랫 벤치 프레스');
  const weight = page.getByLabel('무게 (kg)', { exact: true });
  await weight.fill('20');
  await saveSet(page, 1, '바벨 플랫 벤치 프레스');
  const rest = page.getByRole('timer', { name: '휴식' });
  await rest.waitFor();
  const left = Number(await rest.getAttribute('data-left'));
  assert.ok(left > 80 && left <= 90, `rest timer starts at 90 s, shows ${left}`);
  await page.getByRole('button', { name: '무게 (kg) 늘리기' }).click();
  await eventually(async () => assert.equal(await weight.inputValue(), '22.5'));
  await saveSet(page, 2, '바벨 플랫 벤치 프레스');
  await page.getByText(/새 개인 기록!/).waitFor();
  await page.getByRole('button', { name: '휴식 건너뛰기' }).click();
  await rest.waitFor({ state: 'detached' });

  // 2. Squat: 8 × 60 kg (typed), reps down from 10 with the stepper.
  await page.getByRole('button', { name: /운동 바꾸기/ }).click();
  await pick(page, '대퇴사두', '바벨', '바벨 스쿼트', '바벨 스쿼트');
  await weight.fill('60');
  await page.getByRole('button', { name: '횟수 줄이기' }).click();
  await page.getByRole('button', { name: '횟수 줄이기' }).click();
  await eventually(async () => assert.equal(await page.getByLabel('횟수', { exact: true }).inputValue(), '8'));
  await saveSet(page, 1, '바벨 스쿼트');

  // 3. Deadlift: two sets of 5 × 100 kg, then the second is deleted after confirming.
  await page.getByRole('button', { name: /운동 바꾸기/ }).click();
  await pick(page, '햄스트링', '바벨', '데드리프트', '데드리프트');
  await weight.fill('100');
  await page.getByLabel('횟수', { exact: true }).fill('5');
  await saveSet(page, 1, '데드리프트');
  await saveSet(page, 2, '데드리프트');

  await eventually(async () => assert.deepEqual(await totals(page, day), { sets: '5', volume: '1,905 kg' }));
  const deadlift = day.locator('[data-exercise="데드리프트"]');
  await deadlift.getByRole('button', { name: '2세트 삭제' }).click();
  const dialog = page.getByRole('dialog', { name: '2세트를 삭제할까요?' });
  await dialog.getByRole('button', { name: '삭제', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await eventually(async () => assert.deepEqual(await totals(page, day), { sets: '4', volume: '1,405 kg' }));
  assert.equal(await day.locator('.day-exercise').count(), 3);
  // 20×10 + 22.5×10 + 60×8 + 100×5 = 200 + 225 + 480 + 500 = 1,405 kg

  // The member logs in and finds the day on their calendar.
  await page.getByRole('button', { name: /계정 메뉴/ }).click();
  await page.getByRole('button', { name: '로그아웃', exact: true }).click();
  await page.getByRole('link', { name: '로그인' }).first().waitFor();
  await logIn(page, member.email);
  await page.getByRole('navigation', { name: '주 메뉴', exact: true }).getByRole('link', { name: '내 운동' }).click();
  await h1(page, '내 운동').waitFor();
  await page.getByRole('link', { name: '달력과 기록 보기' }).click();
  await h1(page, '운동 기록 보기').waitFor();
  await page.locator('[data-streak="current"]').getByText('연속 1일').waitFor();
  const trained = page.locator('.calendar-day[data-trained="true"]');
  await eventually(async () => assert.equal(await trained.count(), 1));
  const date = await trained.getAttribute('data-date');
  await trained.click();
  const memberDay = page.getByRole('region', { name: `${date} 운동` });
  await eventually(async () => assert.deepEqual(await totals(page, memberDay), { sets: '4', volume: '1,405 kg' }));
  for (const name of ['바벨 플랫 벤치 프레스', '바벨 스쿼트', '데드리프트']) {
    await memberDay.locator(`[data-exercise="${name}"]`).waitFor();
  }
  // Personal records and the progress chart for the first exercise.
  await page.getByRole('region', { name: '개인 기록' }).getByText('바벨 스쿼트').waitFor();
  assert.ok(Number(await page.locator('.chart-svg').first().getAttribute('data-points')) >= 1);
}, { timeout: 60_000 });

test('a trainer adds a private exercise of their own to the catalogue', async ({ page }) => {
  const trainer = newPerson('ctrainer', '코치');
  await signUpByApi(page, { ...trainer, userType: 'trainer' });
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, trainer.email);
  await page.goto('/workouts');
  await h1(page, '운동').waitFor();
  await page.getByText('아직 담당 회원이 없습니다.').waitFor();
  const mine = page.getByRole('region', { name: '나만의 운동' });
  await mine.getByRole('button', { name: '운동 추가' }).click();
  await mine.getByText('필수 입력 항목입니다.').first().waitFor();
  const name = `케틀벨 스윙 ${trainer.name}`;
  await mine.getByLabel('운동 이름').fill(name);
  await mine.getByLabel('부위').selectOption('둔근');
  await mine.getByLabel('장비').fill('케틀벨');
  await mine.getByLabel('MET (선택, 1-20)').fill('25');
  await mine.getByRole('button', { name: '운동 추가' }).click();
  await mine.getByText('1에서 20 사이의 값을 입력해주세요.').waitFor();
  await mine.getByLabel('MET (선택, 1-20)').fill('9.8');
  await mine.getByRole('button', { name: '운동 추가' }).click();
  await mine.getByText(`${name}을(를) 추가했습니다.`).waitFor();
  await mine.getByRole('list').getByText(name).waitFor();
  await mine.getByText('둔근 · 케틀벨 · MET 9.8').waitFor();
});

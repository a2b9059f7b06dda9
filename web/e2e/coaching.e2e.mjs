// Camera coaching in a real browser with a fake camera (media.mjs): the pose model loads from this server only,
// the member's landmarks reach the server and come back as counts and phases, and finishing saves a camera set
// in the member's records. A trainer uploads a demonstration video, the movement is extracted in the page with
// the same model, saved and published. MediaPipe runs on the CPU here (about 3 frames a second after a first frame
// of ~5 s), so the tests wait generously and assert what happens, not how fast.
import assert from 'node:assert/strict';
import { eventually, test } from './harness.mjs';
import { accessTokenOf, callAs, h1, logIn, newPerson, signUpByApi } from './people.mjs';

const poseFolder = /\/vendor\/mediapipe\/pose-[\d.]+\//;
const slow = { timeout: 180_000 };

/** Every request the page makes, and the replies of the pose files. */
function recordRequests(page) {
  const requests = [];
  const poseReplies = new Map();
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', (response) => {
    if (poseFolder.test(response.url())) {
      const file = response.url().split('/').pop();
      poseReplies.set(file, { status: response.status(), headers: response.headers() });
    }
  });
  return { requests, poseReplies };
}

let shared = null;
/**
 * One trainer and their member for both tests, made by whichever runs first (the server allows 20 sign-ups an hour
 * per address and the whole suite comes close).
 */
async function trainerAndMember(page) {
  if (!shared) {
    const trainer = newPerson('ctrainer', '시범');
    const member = newPerson('cmember', '카메라');
    await signUpByApi(page, { ...trainer, userType: 'trainer' });
    const { id } = await signUpByApi(page, { ...member, userType: 'member' });
    await callAs(page, await accessTokenOf(page, trainer.email), 'POST', '/api/members/register-member/', {
      user_id: id,
    });
    shared = { trainer, member: { ...member, id } };
  }
  return shared;
}

/** Requests that left this server (blob: and data: URLs stay in the page). */
function external(requests, baseURL) {
  return requests.filter(
    (url) => !url.startsWith(`${baseURL}/`) && !url.startsWith('blob:') && !url.startsWith('data:'),
  );
}

test(
  'a member coaches with the camera: pose model from this server, landmarks to the server, a camera set saved',
  async ({ page, baseURL }) => {
    const { member } = await trainerAndMember(page);
    const { requests, poseReplies } = recordRequests(page);
    await logIn(page, member.email);
    assert.deepEqual(
      requests.filter((url) => poseFolder.test(url)),
      [],
      'no page but coaching loads the pose model',
    );

    await page.getByRole('navigation', { name: '주 메뉴', exact: true }).getByRole('link', { name: '코칭' }).click();
    await h1(page, '코칭').waitFor();
    await page.getByRole('group', { name: '운동 고르기' }).getByRole('button', { name: '푸시업' }).click();
    await page.getByText('이 운동의 시범 영상이 아직 없습니다.', { exact: false }).waitFor();

    // The first request for the camera is refused (as when the member says no): the page explains how to allow it.
    await page.evaluate(() => {
      const devices = navigator.mediaDevices;
      const real = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (constraints) => {
        devices.getUserMedia = real;
        return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      };
    });
    await page.getByRole('button', { name: '카메라 켜기' }).click();
    await page
      .getByRole('alert')
      .getByText(/카메라 사용이 거부되었습니다/)
      .waitFor();
    await page.getByRole('button', { name: '카메라 켜기' }).click();
    await page.locator('[data-problem]').waitFor({ state: 'detached' });
    const start = page.getByRole('button', { name: '코칭 시작' });
    await eventually(async () => assert.ok(await start.isEnabled(), 'the start button waits for the pose model'), {
      timeout: 60_000,
    });
    // The fake camera's clip shows a person: the skeleton is found, so no "cannot see you" hint stays up.
    assert.ok(poseReplies.has('pose.js'), 'pose.js was loaded');

    await start.click();
    const server = page.locator('[data-server-updates]');
    await eventually(
      async () => assert.ok(Number(await server.getAttribute('data-server-updates')) >= 1, 'the server answered'),
      {
        timeout: 60_000,
      },
    );
    // The server saw a person (the landmarks arrived, not just "nobody" frames).
    await eventually(
      async () =>
        assert.match(
          (await page.locator('[data-phase]').getAttribute('data-phase')) ?? '',
          /^(idle|rest|outbound|return)$/,
        ),
      { timeout: 30_000 },
    );
    await eventually(
      async () =>
        assert.ok(
          Number(await page.locator('[data-count]').getAttribute('data-count')) >= 1,
          'a repetition was counted',
        ),
      {
        timeout: 60_000,
      },
    );

    await page.getByRole('button', { name: '종료하고 저장' }).click();
    const summary = page.getByRole('region', { name: '운동 결과' });
    await summary.waitFor({ timeout: 20_000 });
    assert.ok(Number(await summary.locator('[data-summary="count"]').innerText()) >= 1);
    await summary.getByText('운동 기록에 저장했습니다.').waitFor();
    assert.ok(Number(await summary.locator('tr[data-rep]').count()) >= 1, 'every repetition is listed');
    assert.equal(
      await page.locator('[data-camera]').getAttribute('data-camera'),
      'off',
      'the camera goes off at the end',
    );

    // Everything the page asked for came from this server, the WebAssembly with its proper type, the versioned
    // pose files cached for good.
    assert.deepEqual(external(requests, baseURL), []);
    assert.ok(
      [...poseReplies.keys()].some((file) => file.endsWith('.wasm')),
      'the pose WebAssembly was loaded',
    );
    assert.ok(poseReplies.has('pose_landmark_lite.tflite'), 'the lite model was loaded first');
    const binary = /^application\/octet-stream$/;
    const types = {
      js: /^text\/javascript/,
      wasm: /^application\/wasm$/,
      data: binary,
      tflite: binary,
      binarypb: binary,
    };
    for (const [file, { status, headers }] of poseReplies) {
      const type = types[file.split('.').pop()];
      assert.ok(type, `an expected kind of file: ${file}`);
      assert.equal(status, 200, file);
      assert.match(headers['content-type'], type, file);
      assert.match(headers['cache-control'], /max-age=31536000, immutable/, file);
    }

    // The saved set is in the member's records, marked as counted by the camera.
    await summary.getByRole('link', { name: '운동 기록에서 보기' }).click();
    await h1(page, '운동 기록 보기').waitFor();
    const camera = page.locator('.set-row[data-source="camera"]');
    await camera.first().waitFor();
    assert.match(await camera.first().innerText(), /카메라/);
  },
  slow,
);

test(
  'a trainer uploads a demonstration, its movement is extracted in the browser, saved and published',
  async ({ page, media }) => {
    const { trainer, member } = await trainerAndMember(page);
    await logIn(page, trainer.email);
    await page
      .getByRole('navigation', { name: '주 메뉴', exact: true })
      .getByRole('link', { name: '시범 영상' })
      .click();
    await h1(page, '시범 영상').waitFor();
    await page.getByText('아직 만든 시범이 없습니다.').waitFor();

    const title = `의자 딥스 ${Date.now().toString(36)}`;
    await page.getByLabel('운동', { exact: true }).selectOption('auto');
    await page.getByLabel('제목', { exact: true }).fill(title);
    await page.getByRole('button', { name: '만들기', exact: true }).click();
    await h1(page, title).waitFor();
    const demoId = Number(page.url().split('/').pop());
    assert.ok(demoId > 0, `the editor's URL names the demonstration: ${page.url()}`);
    await page.locator('[data-status="draft"]').waitFor();
    assert.ok(
      await page.getByRole('button', { name: '공개하기' }).isDisabled(),
      'nothing to publish before the movement is learnt',
    );

    // Upload: the video goes to the server, then the page steps through it with the pose model.
    await page.locator('input[type="file"]').setInputFiles(media.demo);
    await page.getByRole('progressbar', { name: '동작 추출 중' }).waitFor({ timeout: 30_000 });
    await page.getByText(/동작을 저장했습니다\. 반복 \d+회를 학습했습니다\./).waitFor({ timeout: 90_000 });
    await eventually(async () => {
      const reps = Number(await page.locator('[data-model-reps]').getAttribute('data-model-reps'));
      assert.ok(reps >= 1, `the server learnt repetitions from the track (${reps})`);
    });
    await eventually(async () => assert.equal(await page.locator('[data-video]').getAttribute('data-video'), 'yes'));
    const frames = Number(await page.locator('[data-track-frames]').getAttribute('data-track-frames'));
    assert.ok(frames >= 25, `about 10 frames a second of a 3 s video were sampled (${frames})`);

    // The stored track is the extracted one: times in the video, a person in most frames.
    const token = await accessTokenOf(page, trainer.email);
    const track = (await callAs(page, token, 'GET', `/api/coaching/demonstrations/${demoId}/track/`)).data;
    assert.equal(track.frames.length, frames);
    assert.ok(track.frames.filter((f) => f.landmarks).length > frames / 2, 'a person in most frames');
    assert.ok(
      track.frames.every((f, i) => i === 0 || f.t > track.frames[i - 1].t),
      'times increase',
    );

    // The preview plays the server's video under the skeleton.
    const preview = page.getByRole('figure', { name: '시범 영상과 추출한 골격' });
    assert.match((await preview.locator('video').getAttribute('src')) ?? '', /^\/media\//);

    await page.getByRole('button', { name: '공개하기' }).click();
    await page.getByText('공개했습니다.').waitFor();
    await page.locator('[data-status="published"]').waitFor();
    await page.getByRole('link', { name: '시범 목록으로' }).click();
    const item = page.locator(`[data-demo="${demoId}"]`);
    await item.getByText(title).waitFor();
    await item.locator('[data-status="published"]').waitFor();

    // A second demonstration recorded with the camera: the recording is uploaded, its extraction cancelled, and the
    // demonstration deleted.
    await page.getByLabel('운동', { exact: true }).selectOption('squat');
    await page.getByLabel('제목', { exact: true }).fill('녹화 시범');
    await page.getByRole('button', { name: '만들기', exact: true }).click();
    await h1(page, '녹화 시범').waitFor();
    await page.getByRole('button', { name: '카메라로 녹화' }).click();
    const record = page.getByRole('button', { name: '녹화 시작' });
    await eventually(async () => assert.ok(await record.isEnabled(), 'the camera is on'), { timeout: 15_000 });
    await record.click();
    await page.getByRole('timer').waitFor();
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: '녹화 멈춤' }).click();
    await page.getByRole('button', { name: '이 영상 사용' }).click();
    // The upload (and the server's two ffprobe passes over a recording without a duration) can take a while here.
    await page.getByRole('progressbar', { name: '동작 추출 중' }).waitFor({ timeout: 60_000 });
    await eventually(async () =>
      assert.equal(
        await page.locator('[data-video]').getAttribute('data-video'),
        'yes',
        'the server took the WebM recording',
      ),
    );
    await page.getByRole('button', { name: '취소', exact: true }).click();
    await page.getByRole('progressbar', { name: '동작 추출 중' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '삭제', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '‘녹화 시범’ 시범을 삭제할까요?' });
    await dialog.getByRole('button', { name: '삭제', exact: true }).click();
    await page.getByText('시범을 삭제했습니다.').waitFor();
    await h1(page, '시범 영상').waitFor();
    await eventually(async () =>
      assert.equal(await page.locator('[data-demo]').count(), 1, 'only the published demonstration is left'),
    );

    // The trainer opens camera coaching for one of their members: the member's sessions use this demonstration.
    await page.goto(`/members/${member.id}`);
    await h1(page, member.name).waitFor();
    await page.getByRole('link', { name: '카메라 코칭' }).click();
    await h1(page, `${member.name}님 카메라 코칭`).waitFor();
    await page.getByRole('group', { name: '운동 고르기' }).getByRole('button', { name: '시범 따라 하기' }).click();
    const shown = page.getByRole('figure', { name: `시범: ${title}` });
    await shown.waitFor();
    assert.match((await shown.locator('video').getAttribute('src')) ?? '', /^\/media\//);
  },
  slow,
);

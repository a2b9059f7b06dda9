// Camera and video fixtures, made at the start of a run with ffmpeg from pictures Debian ships (darknet's
// person.jpg, a photo of a standing person, and workrave's chair push-up renders, two positions of the
// movement), so nothing binary is committed:
//   camera.mjpeg  what Chromium's fake camera shows (--use-file-for-fake-video-capture; MJPEG plays at 30 fps and
//                 loops): the standing person for a second, then the two push-up positions in turn, each held 6 s,
//                 for over a minute. The pictures jump from one position to the other, which counting copes with
//                 only when each position lasts several samples: with 6 s holds, sampling every 0.35-2.2 s counted
//                 a repetition within 40 s from any starting moment (offline, with spotter analyze); with 3 s holds
//                 one start in five counted nothing. A session started after the model has loaded sees only
//                 push-ups (a jump to another scene upsets the model's tracking).
//   demo.webm     a short demonstration video to upload: the push-up positions in turn
import { spawn } from 'node:child_process';
import path from 'node:path';

const ffmpeg = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const pictures = {
  person: '/usr/share/darknet/data/person.jpg',
  pushupUp: '/usr/share/workrave/exercises/chair-pushup-2.png',
  pushupDown: '/usr/share/workrave/exercises/chair-pushup-1.png',
};

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.once('error', (error) => reject(new Error(`could not run ${ffmpeg}: ${error.message}`)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg ${args.at(-1)} failed (${code}): ${stderr}`)),
    );
  });
}

// Every picture fitted into 480x360 on white, so the renders and the photo share one frame size.
const fit = 'scale=480:360:force_original_aspect_ratio=decrease,pad=480:360:(ow-iw)/2:(oh-ih)/2:white,setsar=1';

/** ffmpeg arguments showing each [picture, seconds] in turn at `fps`. */
function slides(list, fps) {
  const inputs = list.flatMap(([picture, seconds]) => [
    '-framerate',
    String(fps),
    '-loop',
    '1',
    '-t',
    String(seconds),
    '-i',
    picture,
  ]);
  const fitted = list.map((_, i) => `[${i}:v]${fit},format=yuv420p[v${i}]`).join(';');
  const joined = `${list.map((_, i) => `[v${i}]`).join('')}concat=n=${list.length}:v=1:a=0[out]`;
  return [...inputs, '-filter_complex', `${fitted};${joined}`, '-map', '[out]'];
}

/** Makes the fixtures in `dir`; resolves to their absolute paths. */
export async function makeMedia(dir, { pushupSeconds = 6, pushups = 6 } = {}) {
  const cycle = (n, seconds) =>
    Array.from({ length: n }, (_, i) => [i % 2 ? pictures.pushupDown : pictures.pushupUp, seconds]);
  const camera = path.join(dir, 'camera.mjpeg');
  const demo = path.join(dir, 'demo.webm');
  await run([
    ...slides([[pictures.person, 1], ...cycle(pushups * 2, pushupSeconds)], 30),
    '-pix_fmt',
    'yuvj420p',
    '-q:v',
    '9',
    '-f',
    'mjpeg',
    camera,
  ]);
  await run([...slides(cycle(6, 0.5), 15), '-c:v', 'libvpx', '-b:v', '400k', '-an', demo]);
  return { camera, demo };
}

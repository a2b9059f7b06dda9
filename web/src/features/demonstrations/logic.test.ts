import { describe, expect, it } from 'vitest';
import { demonstrable, maxVideoBytes, recorderMimeType, videoContentType, videoProblem } from './logic';

describe('demonstration videos', () => {
  it('takes MP4 and WebM up to 64 MiB', () => {
    expect(videoProblem({ type: 'video/mp4', size: 1000, name: 'a.mp4' })).toBeNull();
    expect(videoProblem({ type: 'video/webm;codecs=vp8', size: maxVideoBytes, name: 'a.webm' })).toBeNull();
    expect(videoProblem({ type: 'video/mp4', size: maxVideoBytes + 1, name: 'a.mp4' })).toBe('size');
    expect(videoProblem({ type: 'video/quicktime', size: 10, name: 'a.mov' })).toBe('type');
    expect(videoProblem({ type: 'image/png', size: 10, name: 'a.png' })).toBe('type');
  });

  it('goes by the name when the browser gives no type', () => {
    expect(videoProblem({ type: '', size: 10, name: 'squat.WEBM' })).toBeNull();
    expect(videoProblem({ type: '', size: 10, name: 'squat.avi' })).toBe('type');
    expect(videoContentType({ type: '', name: 'squat.webm' })).toBe('video/webm');
    expect(videoContentType({ type: '', name: 'squat.mp4' })).toBe('video/mp4');
    expect(videoContentType({ type: 'video/webm;codecs=vp9', name: 'x' })).toBe('video/webm');
  });

  it('records WebM when the browser can, else MP4', () => {
    expect(recorderMimeType((t) => t.startsWith('video/webm'))).toBe('video/webm;codecs=vp9');
    expect(recorderMimeType((t) => t === 'video/webm;codecs=vp8' || t === 'video/mp4')).toBe('video/webm;codecs=vp8');
    expect(recorderMimeType((t) => t === 'video/mp4')).toBe('video/mp4');
    expect(recorderMimeType(() => false)).toBeNull();
  });

  it('offers every counted exercise but not timed ones', () => {
    const list = [
      { exercise: 'squat', timed: false },
      { exercise: 'plank', timed: true },
      { exercise: 'auto', timed: false },
    ];
    expect(demonstrable(list).map((e) => e.exercise)).toEqual(['squat', 'auto']);
  });
});

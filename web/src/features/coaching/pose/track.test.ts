import { describe, expect, it } from 'vitest';
import type { Landmarks, Point } from './landmarks';
import {
  frameIndexAt,
  maxTrackFrames,
  poseAt,
  sampleTimes,
  TrackBuilder,
  trackDuration,
  type TrackFrame,
} from './track';

const bodyAt = (v: number): Landmarks => Array.from({ length: 33 }, () => [v, v, v, 1] as Point);

describe('building a track', () => {
  it('rounds values and times to 4 decimals', () => {
    const track = new TrackBuilder();
    const body = bodyAt(0.123456789);
    track.add(0.0333333, body);
    const [frame] = track.frames();
    expect(frame!.t).toBe(0.0333);
    expect(frame!.landmarks![0]).toEqual([0.1235, 0.1235, 0.1235, 1]);
    expect(body[0]![0]).toBe(0.123456789); // the caller's landmarks are left alone
  });

  it('keeps times strictly increasing', () => {
    const track = new TrackBuilder();
    expect(track.add(0.1, bodyAt(0.1))).toBe(true);
    expect(track.add(0.1, bodyAt(0.2))).toBe(false);
    expect(track.add(0.05, bodyAt(0.2))).toBe(false);
    expect(track.add(0.100001, bodyAt(0.2))).toBe(false); // the same time once rounded
    expect(track.add(Number.NaN, bodyAt(0.2))).toBe(false);
    expect(track.add(0.2, null)).toBe(true);
    expect(track.frames().map((f) => f.t)).toEqual([0.1, 0.2]);
  });

  it('records frames without a person (or with broken values) as null, and counts the others', () => {
    const track = new TrackBuilder();
    track.add(0, bodyAt(0.5));
    track.add(0.1, null);
    const broken = bodyAt(0.5);
    broken[4] = [Number.NaN, 0, 0, 1];
    track.add(0.2, broken);
    track.add(0.3, bodyAt(0.5).slice(0, 20));
    expect(track.frames().map((f) => f.landmarks === null)).toEqual([false, true, true, true]);
    expect(track.withPerson).toBe(1);
    expect(track.length).toBe(4);
  });

  it('stops at the server limit', () => {
    const track = new TrackBuilder();
    for (let i = 0; i < maxTrackFrames; i += 1) track.add(i / 30, null);
    expect(track.add(maxTrackFrames, null)).toBe(false);
    expect(track.length).toBe(maxTrackFrames);
  });

  it('samples a video at a steady rate, never past its end', () => {
    expect(sampleTimes(1, 4)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(sampleTimes(0.3, 10)).toEqual([0, 0.1, 0.2]);
    expect(sampleTimes(10, 15)).toHaveLength(150);
    expect(sampleTimes(100, 30, 5)).toHaveLength(5);
    expect(sampleTimes(Number.POSITIVE_INFINITY, 10)).toEqual([]);
    expect(sampleTimes(0, 10)).toEqual([]);
  });
});

describe('playing a track', () => {
  const frames: TrackFrame[] = [
    { t: 0, landmarks: bodyAt(0) },
    { t: 0.1, landmarks: bodyAt(1) },
    { t: 0.2, landmarks: null },
    { t: 2, landmarks: bodyAt(0.5) },
  ];

  it('finds the frame at or before a moment', () => {
    expect(frameIndexAt(frames, -0.1)).toBe(-1);
    expect(frameIndexAt(frames, 0)).toBe(0);
    expect(frameIndexAt(frames, 0.15)).toBe(1);
    expect(frameIndexAt(frames, 5)).toBe(3);
    expect(frameIndexAt([], 1)).toBe(-1);
  });

  it('interpolates between two frames with a person', () => {
    expect(poseAt(frames, 0.025)![3]![0]).toBeCloseTo(0.25, 6);
    expect(poseAt(frames, 0.1)![0]![1]).toBe(1);
  });

  it('shows the nearer frame next to a frame without a person or across a long gap', () => {
    expect(poseAt(frames, 0.14)![0]![0]).toBe(1);
    expect(poseAt(frames, 0.16)).toBeNull();
    expect(poseAt(frames, 1.5)![0]![0]).toBe(0.5);
  });

  it('shows nothing before the track or long after it', () => {
    expect(poseAt(frames, -1)).toBeNull();
    expect(poseAt(frames, 2.4)![0]![0]).toBe(0.5);
    expect(poseAt(frames, 2.6)).toBeNull();
    expect(trackDuration(frames)).toBe(2);
    expect(trackDuration([])).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, flagsIn, frameValues, parseServerMessage } from './protocol';
import { bodyInView, fromPose, type Landmarks } from './pose/landmarks';

const body: Landmarks = Array.from({ length: 33 }, (_, i) => [i / 100, 1 - i / 100, -i / 1000, 0.5 + i / 100]);

describe('frame encoding', () => {
  it('sends a person as 133 little-endian float32 values: t, then x, y, z, visibility per landmark', () => {
    const buffer = encodeFrame(1.25, body);
    expect(buffer.byteLength).toBe(4 * frameValues);
    expect(frameValues).toBe(133);
    const view = new DataView(buffer);
    expect(view.getFloat32(0, true)).toBe(1.25);
    // landmark 11 (left shoulder) starts at value 1 + 11 * 4
    expect(view.getFloat32(4 * (1 + 44), true)).toBeCloseTo(0.11, 6);
    expect(view.getFloat32(4 * (1 + 45), true)).toBeCloseTo(0.89, 6);
    expect(view.getFloat32(4 * (1 + 46), true)).toBeCloseTo(-0.011, 6);
    expect(view.getFloat32(4 * (1 + 47), true)).toBeCloseTo(0.61, 6);
    // the last value is landmark 32's visibility
    expect(view.getFloat32(4 * 132, true)).toBeCloseTo(0.82, 6);
    // big-endian reading would give other numbers: the byte order is fixed
    expect(view.getFloat32(0, false)).not.toBe(1.25);
  });

  it('sends "no person" as the time alone', () => {
    const buffer = encodeFrame(3.5, null);
    expect(buffer.byteLength).toBe(4);
    expect(new DataView(buffer).getFloat32(0, true)).toBe(3.5);
  });

  it('treats a wrong number of landmarks as no person', () => {
    expect(encodeFrame(1, body.slice(0, 10)).byteLength).toBe(4);
  });

  it('decodes what it encodes', () => {
    const { t, landmarks } = decodeFrame(encodeFrame(0.5, body));
    expect(t).toBe(0.5);
    expect(landmarks).toHaveLength(33);
    landmarks!.forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(body[i]![k]!, 6)));
    expect(decodeFrame(encodeFrame(0.5, null)).landmarks).toBeNull();
  });
});

describe('pose results', () => {
  const pose = body.map(([x, y, z, visibility]) => ({ x, y, z, visibility }));

  it('become points, with a missing visibility counted as visible', () => {
    const points = fromPose(pose.map(({ x, y, z }) => ({ x, y, z })));
    expect(points).toHaveLength(33);
    expect(points![5]).toEqual([0.05, 0.95, -0.005, 1]);
  });

  it('show the body in view when shoulders and hips are seen, not when only the upper body is', () => {
    const seen: Landmarks = body.map(([x, y, z]) => [x, y, z, 0.9]);
    expect(bodyInView(seen)).toBe(true);
    const cutOff = seen.map((p, i) => (i === 23 || i === 24 ? ([p[0], p[1], p[2], 0.2] as typeof p) : p));
    expect(bodyInView(cutOff)).toBe(false);
    expect(bodyInView(null)).toBe(false);
  });

  it('are no person when incomplete or not finite', () => {
    expect(fromPose(undefined)).toBeNull();
    expect(fromPose(pose.slice(1))).toBeNull();
    expect(fromPose(pose.map((p, i) => (i === 3 ? { ...p, x: Number.NaN } : p)))).toBeNull();
  });
});

describe('server messages', () => {
  it('are parsed by type; anything else is ignored', () => {
    expect(parseServerMessage('{"type":"started","session_id":"ab","exercise":"squat"}')).toEqual({
      type: 'started',
      session_id: 'ab',
      exercise: 'squat',
    });
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('[1,2]')).toBeNull();
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
  });

  it('always carry event and repetition lists', () => {
    const events = parseServerMessage('{"type":"events","t":1,"count":0,"phase":"idle"}');
    expect(events).toMatchObject({ type: 'events', events: [] });
    const summary = parseServerMessage('{"type":"summary","count":0,"saved":null}');
    expect(summary).toMatchObject({ type: 'summary', reps: [] });
  });

  it('give the form flags of finished repetitions and plank alerts', () => {
    const flag = {
      code: 'shallow_depth',
      message_en: 'Squat deeper',
      message_ko: '더 깊이',
      measured: 1,
      limit: 2,
      severity: 0.5,
    };
    const rep = { index: 1, start_s: 0, end_s: 1, score: 80, flags: [flag], hold_s: 0 };
    expect(
      flagsIn([
        { kind: 'count', t: 1, count: 1, rep: { ...rep, flags: [] } },
        { kind: 'rep_end', t: 1.2, count: 1, rep },
        { kind: 'form_alert', t: 2, count: 1, rep: { ...rep, flags: [{ ...flag, code: 'hips_sagging' }] } },
      ]).map((f) => f.code),
    ).toEqual(['shallow_depth', 'hips_sagging']);
  });
});

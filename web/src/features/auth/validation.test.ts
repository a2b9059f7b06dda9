import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { describeProblem } from './problems';
import {
  isEmail,
  normalizeCode,
  passwordChecks,
  passwordProblem,
  validateChangePassword,
  validateLogin,
  validateResetPassword,
  validateSignup,
  validateVerifyEmail,
  type SignupValues,
} from './validation';

const goodSignup: SignupValues = {
  name: '김민수',
  email: 'minsu@example.com',
  password: 'Squat-2024!',
  confirm_password: 'Squat-2024!',
  user_type: 'member',
  terms_agreed: true,
  privacy_agreed: true,
  marketing_agreed: false,
};

describe('password rules', () => {
  it('ticks off each rule as it is met', () => {
    expect(passwordChecks('')).toEqual({ length: false, letter: false, digit: false, special: false });
    expect(passwordChecks('abc')).toEqual({ length: false, letter: true, digit: false, special: false });
    expect(passwordChecks('abcdefghi1!')).toEqual({ length: true, letter: true, digit: true, special: true });
  });

  it('counts characters, not bytes, and only ASCII letters as letters (like the server)', () => {
    expect(passwordChecks('비밀번호비밀번호12!').length).toBe(true); // 13 characters
    expect(passwordChecks('비밀번호비밀번호12!').letter).toBe(false);
    expect(passwordChecks('가나다라마바사1!').length).toBe(false); // 9 characters, 23 bytes
  });

  it('accepts exactly the server special characters', () => {
    for (const c of "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?") expect(passwordChecks(c).special, c).toBe(true);
    for (const c of ['~', '`', ' ', '€']) expect(passwordChecks(c).special, c).toBe(false);
  });

  it('names the first broken rule in the server order', () => {
    expect(passwordProblem('short1!')).toEqual({ key: 'error.password.tooShort', values: { min: 10 } });
    expect(passwordProblem('a'.repeat(129) + '1!')).toEqual({ key: 'error.password.tooLong', values: { max: 128 } });
    expect(passwordProblem('1234567890!')).toEqual({ key: 'error.password.letter' });
    expect(passwordProblem('abcdefghij!')).toEqual({ key: 'error.password.digit' });
    expect(passwordProblem('abcdefghij1')).toEqual({ key: 'error.password.special' });
    expect(passwordProblem('abcdefghi1!')).toBeNull();
  });
});

describe('form checks', () => {
  it('e-mail addresses and codes', () => {
    expect(isEmail('a@b.co')).toBe(true);
    expect(isEmail(' a@b.co ')).toBe(true);
    expect(isEmail('a@b')).toBe(false);
    expect(isEmail('a b@c.de')).toBe(false);
    expect(normalizeCode('123 456')).toBe('123456');
    expect(normalizeCode('12a3-4567')).toBe('123456');
  });

  it('sign-up: a good form passes', () => {
    expect(validateSignup(goodSignup)).toEqual({});
  });

  it('sign-up: every problem is put beside its field', () => {
    const errors = validateSignup({
      ...goodSignup,
      name: '  ',
      email: 'not-an-address',
      password: 'short',
      confirm_password: 'other',
      user_type: '',
      terms_agreed: false,
      privacy_agreed: false,
    });
    expect(errors).toEqual({
      name: [{ key: 'error.required' }],
      email: [{ key: 'error.emailInvalid' }],
      password: [{ key: 'error.password.tooShort', values: { min: 10 } }],
      confirm_password: [{ key: 'error.passwordMismatch' }],
      user_type: [{ key: 'error.chooseUserType' }],
      terms_agreed: [{ key: 'error.mustAgree' }],
      privacy_agreed: [{ key: 'error.mustAgree' }],
    });
    expect(validateSignup({ ...goodSignup, marketing_agreed: false })).toEqual({}); // marketing is optional
  });

  it('login, verification, reset and change', () => {
    expect(validateLogin({ email: '', password: '' })).toEqual({
      email: [{ key: 'error.required' }],
      password: [{ key: 'error.required' }],
    });
    expect(validateVerifyEmail({ email: 'a@b.co', code: '12345' })).toEqual({ code: [{ key: 'error.codeFormat' }] });
    expect(validateVerifyEmail({ email: 'a@b.co', code: '123456' })).toEqual({});
    expect(
      validateResetPassword({ email: 'a@b.co', code: '123456', new_password: 'Squat-2024!', confirm_password: '' }),
    ).toEqual({ confirm_password: [{ key: 'error.required' }] });
    expect(
      validateChangePassword({ current_password: 'Squat-2024!', new_password: 'Squat-2024!', confirm_password: 'Squat-2024!' }),
    ).toEqual({ new_password: [{ key: 'error.password.sameAsCurrent' }] });
  });
});

describe('server problems on a form', () => {
  const fields = ['name', 'email', 'password', 'confirm_password'] as const;
  const problem = (status: number, body: unknown, retryAfter?: number) =>
    new ApiError(`${status}`, status, body, retryAfter);

  it('puts field errors beside their fields, in the catalogue words when known', () => {
    const result = describeProblem(
      problem(400, {
        code: 'invalid',
        errors: {
          email: ['이미 사용 중인 이메일입니다.'],
          password: ['비밀번호에 이름을 포함할 수 없습니다.', 'Something new.'],
          non_field_errors: ['비밀번호가 일치하지 않습니다.'],
        },
      }),
      fields,
    );
    expect(result.fields).toEqual({
      email: [{ key: 'error.emailTaken' }],
      password: [{ key: 'error.password.containsName' }, { text: 'Something new.' }],
    });
    expect(result.summary).toEqual([{ key: 'error.passwordMismatch' }]); // non_field_errors: the summary
  });

  it('wrong credentials go to the summary', () => {
    const result = describeProblem(
      problem(400, { code: 'invalid_credentials', errors: { detail: ['이메일 또는 비밀번호가 올바르지 않습니다.'] } }),
      ['email', 'password'] as const,
    );
    expect(result).toEqual({ fields: {}, summary: [{ key: 'error.invalidCredentials' }] });
  });

  it('code errors are named by their stable code', () => {
    const body = { code: 'code_expired', errors: { code: ['인증 코드가 만료되었습니다. 새 코드를 요청해주세요.'] } };
    expect(describeProblem(problem(400, body), ['email', 'code'] as const).fields).toEqual({
      code: [{ key: 'error.codeExpired' }],
    });
  });

  it('429 gives the wait from Retry-After', () => {
    expect(describeProblem(problem(429, { code: 'throttled' }, 42), fields)).toEqual({
      fields: {},
      summary: [],
      retryAfter: 42,
    });
  });

  it('no reply, server errors and unknown bodies get a summary', () => {
    expect(describeProblem(problem(0, undefined), fields).summary).toEqual([{ key: 'error.network' }]);
    expect(describeProblem(problem(503, { detail: 'x' }), fields).summary).toEqual([{ key: 'error.server' }]);
    expect(describeProblem(problem(400, { detail: 'Odd.' }), fields).summary).toEqual([{ text: 'Odd.' }]);
    expect(describeProblem(new Error('boom'), fields).summary).toEqual([{ key: 'error.generic' }]);
  });
});

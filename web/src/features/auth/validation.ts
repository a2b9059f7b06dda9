// Checks the account forms make before they ask the server. They mirror the server's rules
// (src/accounts/password_policy.cpp, auth_service.cpp) so most mistakes are caught while typing; the server has
// the last word and its answers are shown the same way (see problems.ts).
import type { Message, MessageKey, MessageValues } from '../../i18n/messages';

export type { Message };

/** Messages by form field. */
export type FieldErrors<F extends string = string> = Partial<Record<F, Message[]>>;

export const msg = (key: MessageKey, values?: MessageValues): Message => (values ? { key, values } : { key });

export const passwordMinLength = 10;
export const passwordMaxLength = 128;
/** The special characters the server accepts in a password. */
export const passwordSpecials = "!@#$%^&*()_+-=[]{};':\"\\|,.<>/?";

export type PasswordRule = 'length' | 'letter' | 'digit' | 'special';
export const passwordRules: readonly PasswordRule[] = ['length', 'letter', 'digit', 'special'];

/** Which of the rules shown beside the password field `password` meets. */
export function passwordChecks(password: string): Record<PasswordRule, boolean> {
  const length = [...password].length; // code points, as the server counts them
  return {
    length: length >= passwordMinLength && length <= passwordMaxLength,
    letter: /[A-Za-z]/.test(password), // ASCII letters only, like the server
    digit: /[0-9]/.test(password),
    special: [...password].some((c) => passwordSpecials.includes(c)),
  };
}

/** The first rule `password` breaks, in the server's order, or null. */
export function passwordProblem(password: string): Message | null {
  const length = [...password].length;
  if (length < passwordMinLength) return msg('error.password.tooShort', { min: passwordMinLength });
  if (length > passwordMaxLength) return msg('error.password.tooLong', { max: passwordMaxLength });
  const checks = passwordChecks(password);
  if (!checks.letter) return msg('error.password.letter');
  if (!checks.digit) return msg('error.password.digit');
  if (!checks.special) return msg('error.password.special');
  return null;
}

/** A plausible e-mail address: something@something.tld, no spaces. The server decides the rest. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** Keeps the digits of what was typed or pasted into a code field ("123 456" → "123456"), at most 6. */
export function normalizeCode(value: string): string {
  return value.replace(/\D/g, '').slice(0, 6);
}

export function isCode(value: string): boolean {
  return /^\d{6}$/.test(value);
}

function add<F extends string>(errors: FieldErrors<F>, field: F, message: Message) {
  (errors[field] ??= []).push(message);
}

function checkEmail<F extends string>(errors: FieldErrors<F>, field: F, email: string) {
  if (!email.trim()) add(errors, field, msg('error.required'));
  else if (!isEmail(email)) add(errors, field, msg('error.emailInvalid'));
}

function checkRequired<F extends string>(errors: FieldErrors<F>, field: F, value: string) {
  if (!value) add(errors, field, msg('error.required'));
}

function checkNewPassword<F extends string>(
  errors: FieldErrors<F>,
  field: F,
  confirmField: F,
  password: string,
  confirm: string,
) {
  if (!password) add(errors, field, msg('error.required'));
  else {
    const problem = passwordProblem(password);
    if (problem) add(errors, field, problem);
  }
  if (!confirm) add(errors, confirmField, msg('error.required'));
  else if (password && confirm !== password) add(errors, confirmField, msg('error.passwordMismatch'));
}

function checkCode<F extends string>(errors: FieldErrors<F>, field: F, code: string) {
  if (!code) add(errors, field, msg('error.required'));
  else if (!isCode(code)) add(errors, field, msg('error.codeFormat'));
}

export interface SignupValues {
  name: string;
  email: string;
  password: string;
  confirm_password: string;
  user_type: '' | 'member' | 'trainer';
  terms_agreed: boolean;
  privacy_agreed: boolean;
  marketing_agreed: boolean;
}
export type SignupField = Exclude<keyof SignupValues, 'marketing_agreed'>;

export function validateSignup(values: SignupValues): FieldErrors<SignupField> {
  const errors: FieldErrors<SignupField> = {};
  const name = values.name.trim();
  if (!name) add(errors, 'name', msg('error.required'));
  else if ([...name].length > 100) add(errors, 'name', msg('error.nameTooLong', { max: 100 }));
  checkEmail(errors, 'email', values.email);
  checkNewPassword(errors, 'password', 'confirm_password', values.password, values.confirm_password);
  if (!values.user_type) add(errors, 'user_type', msg('error.chooseUserType'));
  if (!values.terms_agreed) add(errors, 'terms_agreed', msg('error.mustAgree'));
  if (!values.privacy_agreed) add(errors, 'privacy_agreed', msg('error.mustAgree'));
  return errors;
}

export interface LoginValues {
  email: string;
  password: string;
}

export function validateLogin(values: LoginValues): FieldErrors<keyof LoginValues> {
  const errors: FieldErrors<keyof LoginValues> = {};
  checkEmail(errors, 'email', values.email);
  checkRequired(errors, 'password', values.password);
  return errors;
}

export interface VerifyEmailValues {
  email: string;
  code: string;
}

export function validateVerifyEmail(values: VerifyEmailValues): FieldErrors<keyof VerifyEmailValues> {
  const errors: FieldErrors<keyof VerifyEmailValues> = {};
  checkEmail(errors, 'email', values.email);
  checkCode(errors, 'code', values.code);
  return errors;
}

export function validateEmailOnly(values: { email: string }): FieldErrors<'email'> {
  const errors: FieldErrors<'email'> = {};
  checkEmail(errors, 'email', values.email);
  return errors;
}

export interface ResetPasswordValues {
  email: string;
  code: string;
  new_password: string;
  confirm_password: string;
}

export function validateResetPassword(values: ResetPasswordValues): FieldErrors<keyof ResetPasswordValues> {
  const errors: FieldErrors<keyof ResetPasswordValues> = {};
  checkEmail(errors, 'email', values.email);
  checkCode(errors, 'code', values.code);
  checkNewPassword(errors, 'new_password', 'confirm_password', values.new_password, values.confirm_password);
  return errors;
}

export interface ChangePasswordValues {
  current_password: string;
  new_password: string;
  confirm_password: string;
}

export function validateChangePassword(values: ChangePasswordValues): FieldErrors<keyof ChangePasswordValues> {
  const errors: FieldErrors<keyof ChangePasswordValues> = {};
  checkRequired(errors, 'current_password', values.current_password);
  checkNewPassword(errors, 'new_password', 'confirm_password', values.new_password, values.confirm_password);
  if (!errors.new_password && values.new_password && values.new_password === values.current_password) {
    add(errors, 'new_password', msg('error.password.sameAsCurrent'));
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((list) => list && list.length > 0);
}

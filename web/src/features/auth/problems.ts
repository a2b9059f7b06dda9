// Turns a failed request into what a form shows: messages beside the fields the form has, a summary for the
// rest, and the wait a 429 asks for.
//
// The server answers errors with RFC 9457 problem+json that also carries `errors` ({field: [messages]}) and a
// stable `code`. Its messages are Korean (or English for a few generic ones); the ones the app knows are shown
// from the catalogue, in the user's language, and unknown ones as the server wrote them.
import { ApiError } from '../../api/client';
import type { MessageKey } from '../../i18n/messages';
import { msg, type FieldErrors, type Message } from './validation';

export interface FormProblem<F extends string = string> {
  fields: FieldErrors<F>;
  /** Messages that belong to no field of the form (non_field_errors, detail, ...). */
  summary: Message[];
  /** Seconds to wait before trying again (429). */
  retryAfter?: number;
}

/** Server texts the catalogue has a message for. */
const knownTexts: Record<string, MessageKey> = {
  'This field is required.': 'error.required',
  'This field may not be blank.': 'error.required',
  'Enter a valid email address.': 'error.emailInvalid',
  '이미 사용 중인 이메일입니다.': 'error.emailTaken',
  '비밀번호는 10자리 이상이어야 합니다.': 'error.password.tooShort',
  '비밀번호는 128자 이하여야 합니다.': 'error.password.tooLong',
  '비밀번호에 영문이 한 글자 이상 포함되어야 합니다.': 'error.password.letter',
  '비밀번호에 숫자가 한 글자 이상 포함되어야 합니다.': 'error.password.digit',
  '비밀번호에 특수문자가 한 글자 이상 포함되어야 합니다.': 'error.password.special',
  '비밀번호에 이메일 주소를 포함할 수 없습니다.': 'error.password.containsEmail',
  '비밀번호에 이름을 포함할 수 없습니다.': 'error.password.containsName',
  '너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해주세요.': 'error.password.common',
  '현재 비밀번호와 다른 비밀번호를 사용해주세요.': 'error.password.sameAsCurrent',
  '비밀번호가 일치하지 않습니다.': 'error.passwordMismatch',
  '현재 비밀번호가 올바르지 않습니다.': 'error.currentPasswordWrong',
  '약관에 동의해야 가입할 수 있습니다.': 'error.mustAgree',
  '이메일 또는 비밀번호가 올바르지 않습니다.': 'error.invalidCredentials',
  '인증 코드는 6자리 숫자입니다.': 'error.codeFormat',
  // profiles (src/members/member_service.cpp)
  '이름은 1자 이상 100자 이하여야 합니다.': 'error.nameLength',
  '전화번호 형식이 올바르지 않습니다 (예: 010-1234-5678).': 'error.phoneInvalid',
  'Unknown time zone; use an IANA name such as Asia/Seoul.': 'error.timeZoneInvalid',
  'muscle_mass_kg must be less than weight_kg.': 'error.muscleOverWeight',
};

/** Server texts with numbers in them: "weight_kg must be between 20 and 400 kg." */
const knownPatterns: { pattern: RegExp; key: MessageKey; values: (match: RegExpExecArray) => Record<string, number> }[] = [
  {
    pattern: /^\w+ must be between (-?[\d.]+) and (-?[\d.]+)\b/,
    key: 'error.between',
    values: (match) => ({ min: Number(match[1]), max: Number(match[2]) }),
  },
];

/** Problem codes whose message the catalogue has, whatever the text. */
const knownCodes: Record<string, MessageKey> = {
  invalid_credentials: 'error.invalidCredentials',
  code_invalid: 'error.codeInvalid',
  code_expired: 'error.codeExpired',
  code_attempts_exceeded: 'error.codeAttemptsExceeded',
};

/** The placeholders some catalogue messages need. */
const valuesFor: Partial<Record<MessageKey, Record<string, number>>> = {
  'error.password.tooShort': { min: 10 },
  'error.password.tooLong': { max: 128 },
  'error.nameLength': { max: 100 },
};

function fromText(text: string): Message {
  const trimmed = text.trim();
  const key = knownTexts[trimmed];
  if (key) return msg(key, valuesFor[key]);
  for (const known of knownPatterns) {
    const match = known.pattern.exec(trimmed);
    if (match) return msg(known.key, known.values(match));
  }
  return { text };
}

interface ProblemBody {
  code?: unknown;
  detail?: unknown;
  message?: unknown;
  errors?: unknown;
}

/**
 * What to show for `error` (what unwrap() threw) on a form with the given fields. `aliases` moves a server
 * field to a form field (e.g. the code errors of a form whose code field is named differently).
 */
export function describeProblem<F extends string>(
  error: unknown,
  formFields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
): FormProblem<F> {
  const problem: FormProblem<F> = { fields: {}, summary: [] };
  if (!(error instanceof ApiError)) {
    problem.summary.push(msg('error.generic'));
    return problem;
  }
  if (error.status === 0) {
    problem.summary.push(msg('error.network'));
    return problem;
  }
  if (error.status === 429) {
    problem.retryAfter = error.retryAfter ?? 60;
    return problem;
  }

  const body: ProblemBody = error.body && typeof error.body === 'object' ? (error.body as ProblemBody) : {};
  const codeKey = typeof body.code === 'string' ? knownCodes[body.code] : undefined;
  const isFormField = (name: string): name is F => (formFields as readonly string[]).includes(name);

  if (body.errors && typeof body.errors === 'object') {
    for (const [name, list] of Object.entries(body.errors as Record<string, unknown>)) {
      const texts = Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
      // A problem with a known code says it once, in the catalogue's words, whatever field it is under.
      const messages = codeKey ? [msg(codeKey)] : texts.map(fromText);
      const field = aliases[name] ?? name;
      if (isFormField(field)) (problem.fields[field] ??= []).push(...messages);
      else problem.summary.push(...messages);
    }
  }
  if (problem.summary.length === 0 && Object.keys(problem.fields).length === 0) {
    if (codeKey) problem.summary.push(msg(codeKey));
    else if (error.status >= 500) problem.summary.push(msg('error.server'));
    else if (typeof body.detail === 'string' && body.detail) problem.summary.push(fromText(body.detail));
    else problem.summary.push(msg('error.generic'));
  }
  // One message once: a code error under two names would otherwise repeat.
  problem.summary = problem.summary.filter(
    (m, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(m)) === i,
  );
  return problem;
}

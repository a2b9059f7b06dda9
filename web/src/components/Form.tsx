// Form building blocks: fields whose errors sit right under them (and are read with them: aria-describedby),
// a summary for errors that belong to no field, a submit button that is off while a request runs, and
// useForm(), which validates, sends, turns a failure into those messages, and moves the focus to the first one.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
} from 'react';
import { describeProblem } from '../features/auth/problems';
import { hasErrors, type FieldErrors } from '../features/auth/validation';
import { useI18n, type Message } from '../i18n';

/** Seconds left until a moment set with start(); 0 when none is running. Ticks while it counts. */
export function useCountdown(): { seconds: number; start: (seconds: number) => void } {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (until <= Date.now()) return undefined;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);

  const start = useCallback((seconds: number) => {
    const current = Date.now();
    setNow(current);
    setUntil(current + seconds * 1000);
  }, []);
  return { seconds: Math.max(0, Math.ceil((until - now) / 1000)), start };
}

function describedBy(...ids: (string | undefined | false)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

function ErrorText({ id, errors }: { id: string; errors: Message[] }) {
  const { say } = useI18n();
  return (
    <p id={id} className="field-error">
      {errors.map((error, i) => (
        <span key={i}>{say(error)}</span>
      ))}
    </p>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> {
  name: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  errors?: Message[] | undefined;
  /** Help shown under the field and read with it. */
  hint?: ReactNode;
}

export function TextField({ label, errors, hint, onValue, className, ...input }: TextFieldProps) {
  const id = useId();
  const invalid = !!errors && errors.length > 0;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(invalid && errorId, !!hint && hintId)}
        onChange={(event) => onValue(event.target.value)}
        {...input}
      />
      {invalid && <ErrorText id={errorId} errors={errors} />}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onValue: (value: string) => void;
  errors?: Message[] | undefined;
  hint?: ReactNode;
  onBlur?: () => void;
}

export function SelectField({ name, label, value, options, onValue, errors, hint, onBlur }: SelectFieldProps) {
  const id = useId();
  const invalid = !!errors && errors.length > 0;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(invalid && errorId, !!hint && hintId)}
        onChange={(event) => onValue(event.target.value)}
        onBlur={onBlur}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {invalid && <ErrorText id={errorId} errors={errors} />}
      {hint && (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

interface CheckboxFieldProps {
  name: string;
  label: ReactNode;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  errors?: Message[] | undefined;
  required?: boolean;
}

export function CheckboxField({ name, label, checked, onChecked, errors, required }: CheckboxFieldProps) {
  const id = useId();
  const invalid = !!errors && errors.length > 0;
  const errorId = `${id}-error`;
  return (
    <div className={`field field--check${invalid ? ' field--invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        name={name}
        checked={checked}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(invalid && errorId)}
        onChange={(event) => onChecked(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {invalid && <ErrorText id={errorId} errors={errors} />}
    </div>
  );
}

interface RadioGroupProps<V extends string> {
  name: string;
  legend: string;
  value: V | '';
  options: readonly { value: V; label: string; description?: string }[];
  onValue: (value: V) => void;
  errors?: Message[] | undefined;
  required?: boolean;
}

export function RadioGroup<V extends string>({ name, legend, value, options, onValue, errors, required }: RadioGroupProps<V>) {
  const id = useId();
  const invalid = !!errors && errors.length > 0;
  const errorId = `${id}-error`;
  return (
    <fieldset className={`field field--choices${invalid ? ' field--invalid' : ''}`}>
      <legend>{legend}</legend>
      <div className="choices">
        {options.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              required={required}
              aria-invalid={invalid || undefined}
              aria-labelledby={`${id}-${option.value}-label`}
              aria-describedby={describedBy(invalid && errorId, !!option.description && `${id}-${option.value}-description`)}
              onChange={() => onValue(option.value)}
            />
            <span className="choice-text">
              <span className="choice-label" id={`${id}-${option.value}-label`}>
                {option.label}
              </span>
              {option.description && (
                <span className="choice-description" id={`${id}-${option.value}-description`}>
                  {option.description}
                </span>
              )}
            </span>
          </label>
        ))}
      </div>
      {invalid && <ErrorText id={errorId} errors={errors} />}
    </fieldset>
  );
}

interface FormSummaryProps {
  messages: Message[];
  /** Seconds before the server takes another try (429), counting down. */
  retrySeconds: number;
  summaryRef: RefObject<HTMLDivElement | null>;
}

/** The errors that belong to no field, above the form. Focused after a failed submit so it is read out. */
export function FormSummary({ messages, retrySeconds, summaryRef }: FormSummaryProps) {
  const { say, t } = useI18n();
  const empty = messages.length === 0 && retrySeconds === 0;
  return (
    <div ref={summaryRef} tabIndex={-1} role="alert" className={empty ? 'form-summary--empty' : 'form-summary'}>
      {!empty && (
        <ul>
          {messages.map((message, i) => (
            <li key={i}>{say(message)}</li>
          ))}
          {retrySeconds > 0 && (
            // The number changes every second: not announced each time (the first text is).
            <li aria-live="off">{t('error.tooManyRequests', { seconds: retrySeconds })}</li>
          )}
        </ul>
      )}
    </div>
  );
}

/** A notice after something went well (role status: read out politely). */
export function FormNotice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

interface SubmitButtonProps {
  pending: boolean;
  disabled?: boolean;
  label: string;
  pendingLabel: string;
}

export function SubmitButton({ pending, disabled, label, pendingLabel }: SubmitButtonProps) {
  return (
    <button type="submit" className="button button--block" disabled={pending || disabled} aria-busy={pending || undefined}>
      {pending ? pendingLabel : label}
    </button>
  );
}

export interface FormControl<F extends string> {
  errors: FieldErrors<F>;
  summary: Message[];
  pending: boolean;
  /** Seconds before another try (after a 429); the submit button stays off meanwhile. */
  retrySeconds: number;
  formRef: RefObject<HTMLFormElement | null>;
  summaryRef: RefObject<HTMLDivElement | null>;
  /** Forgets a field's errors (when it is edited). */
  clearError: (field: F) => void;
  /** Shows errors found elsewhere, as a failed submit would. */
  showErrors: (fields: FieldErrors<F>, summary?: Message[]) => void;
  /** An onSubmit handler: validates, and if that passes, sends; a failure of send() is shown on the form. */
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

interface UseFormOptions<F extends string> {
  /** The form's fields, to tell the server's field errors that go beside them from the ones for the summary. */
  fields: readonly F[];
  /** Server field names shown under another form field, e.g. { non_field_errors: 'confirm_password' }. */
  aliases?: Partial<Record<string, F>>;
  validate: () => FieldErrors<F>;
  send: () => Promise<void>;
}

export function useForm<F extends string>({ fields, aliases, validate, send }: UseFormOptions<F>): FormControl<F> {
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [summary, setSummary] = useState<Message[]>([]);
  const [pending, setPending] = useState(false);
  const [failures, setFailures] = useState(0);
  const countdown = useCountdown();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const busy = useRef(false);

  // After a failed submit, the focus goes to the first field with an error, else to the summary.
  useEffect(() => {
    if (failures === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? summaryRef.current)?.focus();
  }, [failures]);

  const showErrors = useCallback((fieldErrors: FieldErrors<F>, messages: Message[] = []) => {
    setErrors(fieldErrors);
    setSummary(messages);
    setFailures((n) => n + 1);
  }, []);

  const clearError = useCallback((field: F) => {
    setErrors((current) => {
      if (!current[field]) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy.current || countdown.seconds > 0) return;
    const found = validate();
    if (hasErrors(found)) {
      showErrors(found);
      return;
    }
    busy.current = true;
    setPending(true);
    setErrors({});
    setSummary([]);
    send()
      .catch((error: unknown) => {
        const problem = describeProblem(error, fields, aliases);
        if (problem.retryAfter) countdown.start(problem.retryAfter);
        showErrors(problem.fields, problem.summary);
      })
      .finally(() => {
        busy.current = false;
        setPending(false);
      });
  };

  return {
    errors,
    summary,
    pending,
    retrySeconds: countdown.seconds,
    formRef,
    summaryRef,
    clearError,
    showErrors,
    onSubmit,
  };
}

// A labelled input with its own error beside it, tied together for screen readers.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { z } from 'zod';
import { refusalOf } from '../../shared/validation.js';

/** Each field's problem as a sentence, from the same zod schema the server validates with. */
export function fieldErrors(schema: z.ZodType, value: unknown): Record<string, string> {
  const r = schema.safeParse(value);
  return r.success ? {} : refusalOf(r.error).fields;
}

/** The first error for a field or any of its items (`trustProxy` covers `trustProxy[1]`). */
export function errorFor(errors: Record<string, string>, name: string): string | undefined {
  if (errors[name]) return errors[name];
  const item = Object.keys(errors).find((k) => k.startsWith(`${name}[`) || k.startsWith(`${name}.`));
  return item ? errors[item] : undefined;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  /** Announce the error as it appears (after a submit, not while typing). */
  live?: boolean;
};

export function TextField({ label, value, onChange, error, hint, id, className, live, ...rest }: InputProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        {...rest}
      />
      {error && (
        <span id={errorId} className="field-error" role={live ? 'alert' : undefined}>
          {error}
        </span>
      )}
      {hint && (
        <span id={hintId} className="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

export function SelectField<T extends string>({
  label,
  value,
  onChange,
  options,
  error,
  hint,
}: {
  label: ReactNode;
  value: T;
  onChange: (value: T) => void;
  options: { value: T; label: string }[];
  error?: string;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}

/** "12" -> 12, "" or "abc" -> NaN: the schema then says what is wrong in words. */
export const toNumber = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** A key's own rate limit: requests per window of seconds, each refusal beside its field. */
export function RateLimitFields(props: {
  requests: string;
  onRequests: (v: string) => void;
  windowSeconds: string;
  onWindow: (v: string) => void;
  errors: Record<string, string>;
}) {
  return (
    <div className="row">
      <TextField
        label="Requests"
        inputMode="numeric"
        value={props.requests}
        onChange={props.onRequests}
        error={errorFor(props.errors, 'rate_limit.requests')}
      />
      <TextField
        label="Per seconds"
        inputMode="numeric"
        value={props.windowSeconds}
        onChange={props.onWindow}
        error={errorFor(props.errors, 'rate_limit.windowSeconds')}
      />
    </div>
  );
}

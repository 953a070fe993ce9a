import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

interface FieldProps {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
}

/** Label, hint and error around one control; the control gets the ids that tie them together. */
function FieldFrame({
  id,
  label,
  error,
  hint,
  children,
}: FieldProps & { children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input whose hint and error are tied to it (aria-describedby, aria-invalid). */
export function TextField({ id, label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      {(aria) => <input id={id} name={input.name ?? id} {...aria} {...input} />}
    </FieldFrame>
  );
}

export function SelectField({ id, label, error, hint, children, ...select }: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      {(aria) => (
        <select id={id} name={id} {...aria} {...select}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

/** A filter <select> whose first option means "no filter". */
export function FilterSelect({
  id,
  label,
  options,
  value,
  allLabel = "すべて",
}: {
  id: string;
  label: string;
  options: [string, string][];
  value?: string;
  allLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A message at the top of a form; role=alert so screen readers announce it after a post. */
export function FormMessage({ kind = "error", children }: { kind?: "error" | "success"; children: ReactNode }) {
  return (
    <div className={`form-message form-message-${kind}`} role={kind === "error" ? "alert" : "status"} tabIndex={-1}>
      {children}
    </div>
  );
}

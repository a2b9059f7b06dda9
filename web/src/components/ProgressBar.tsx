/**
 * A determinate progress bar (role progressbar with aria-valuenow), or an indeterminate one while `percent` is
 * null (the browser does not know the total yet).
 */
export function ProgressBar({ label, percent, valueText }: { label: string; percent: number | null; valueText?: string }) {
  const value = percent === null ? null : Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div
      className={`progress${value === null ? ' progress--indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      aria-valuetext={valueText ?? (value === null ? undefined : `${value}%`)}
    >
      <div className="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}

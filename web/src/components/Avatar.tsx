/** A person's photo, or their initial on a coloured disc when they have none. Decorative: the name is beside it. */
export function Avatar({ src, name, size = 'md' }: { src: string | null | undefined; name: string; size?: 'sm' | 'md' | 'lg' }) {
  if (src) return <img className={`avatar avatar--${size}`} src={src} alt="" loading="lazy" decoding="async" />;
  const initial = [...name.trim()][0] ?? '?';
  return (
    <span className={`avatar avatar--${size} avatar--empty`} aria-hidden="true">
      {initial.toUpperCase()}
    </span>
  );
}

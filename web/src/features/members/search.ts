import { useEffect, useState } from 'react';
import type { MemberListItem } from '../../api/members';

/** Folds case and width (Ｋｉｍ → kim) and drops the spaces, so a filter matches "김 민수" with "김민수". */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/g, '');
}

/** The members whose name, e-mail or phone contains `filter` (phone by its digits: "0101234" finds 010-1234-…). */
export function filterMembers<M extends Pick<MemberListItem, 'name' | 'email' | 'phone'>>(members: readonly M[], filter: string): M[] {
  const wanted = foldText(filter);
  if (!wanted) return [...members];
  // Only digits and phone punctuation: also look in the phone numbers, by their digits.
  const digits = /^[\d\s\-()+]+$/.test(filter) ? filter.replace(/\D/g, '') : '';
  return members.filter(
    (member) =>
      foldText(member.name).includes(wanted) ||
      foldText(member.email).includes(wanted) ||
      (digits.length > 0 && !!member.phone && member.phone.replace(/\D/g, '').includes(digits)),
  );
}

/** `value`, once it has stayed the same for `delayMs` (a search box asks the server when typing pauses). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

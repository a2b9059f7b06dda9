import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../api/client';
import {
  assignMember,
  listMyMembers,
  memberKeys,
  searchMembers,
  unassignMember,
  type MemberListItem,
  type SearchUser,
} from '../../api/members';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Page } from '../../components/Page';
import { useI18n, type Message } from '../../i18n';
import { describeProblem } from '../auth/problems';
import { useSession } from '../auth/session';
import { msg } from '../auth/validation';
import { filterMembers, useDebounced } from './search';
import { LoadFailed } from '../../components/LoadFailed';

const kPageSize = 20;

/** The message for a failed assign / unassign. */
export function memberActionError(error: unknown, name: string): Message {
  if (error instanceof ApiError) {
    const code = (error.body as { code?: unknown } | undefined)?.code;
    if (error.status === 409 || code === 'already_assigned') return msg('members.error.alreadyAssigned', { name });
    if (error.status === 404) return msg('members.error.gone', { name });
  }
  return describeProblem(error, []).summary[0] ?? msg('error.generic');
}

function CompletionBadge({ completed }: { completed: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`badge${completed ? '' : ' badge--warn'}`}>
      {completed ? t('members.profileComplete') : t('members.profileIncomplete')}
    </span>
  );
}

function MyMembers({ onStatus }: { onStatus: (message: Message) => void }) {
  const { t, say } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState('');
  const [unassigning, setUnassigning] = useState<MemberListItem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const query = useQuery({ queryKey: memberKeys.list, queryFn: listMyMembers });
  const unassign = useMutation({
    mutationFn: (member: MemberListItem) => unassignMember(member.id),
    onSuccess: (_, member) => {
      setUnassigning(null);
      onStatus(msg('members.unassigned', { name: member.name }));
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      requestAnimationFrame(() => heading.current?.focus());
    },
  });

  const members = useMemo(() => filterMembers(query.data?.members ?? [], filter), [query.data, filter]);
  const total = query.data?.total_count ?? 0;

  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('members.mine')} {query.data && <span className="count">({total})</span>}
      </h2>
      {query.isPending ? (
        <p className="muted">{t('action.loading')}</p>
      ) : query.isError ? (
        <LoadFailed message="members.loadFailed" onRetry={() => query.refetch()} />
      ) : total === 0 ? (
        <p className="empty-state">{t('members.none')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-filter`}>{t('members.filter')}</label>
            <input
              id={`${id}-filter`}
              type="search"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              aria-describedby={`${id}-filter-count`}
              autoComplete="off"
            />
            <p id={`${id}-filter-count`} className="field-hint" aria-live="polite">
              {filter.trim() ? t('members.filterCount', { count: members.length, total }) : ''}
            </p>
          </div>
          {members.length === 0 ? (
            <p className="empty-state">{t('members.noMatch')}</p>
          ) : (
            <ul className="people">
              {members.map((member) => (
                <li key={member.id} className="people-item">
                  <Link to={`/members/${member.id}`} className="people-link">
                    <Avatar src={member.profile_image} name={member.name} />
                    <span className="people-text">
                      <span className="people-name">{member.name}</span>
                      <span className="people-sub">{member.phone ?? t('members.noPhone')}</span>
                    </span>
                  </Link>
                  <CompletionBadge completed={member.profile_completed} />
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    onClick={() => {
                      unassign.reset();
                      setUnassigning(member);
                    }}
                    aria-label={t('members.unassignNamed', { name: member.name })}
                  >
                    {t('members.unassign')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ConfirmDialog
        open={!!unassigning}
        title={t('members.unassignTitle', { name: unassigning?.name ?? '' })}
        confirmLabel={t('members.unassign')}
        pendingLabel={t('members.unassigning')}
        danger
        pending={unassign.isPending}
        error={unassign.isError && unassigning ? memberActionError(unassign.error, unassigning.name) : null}
        onConfirm={() => unassigning && unassign.mutate(unassigning)}
        onCancel={() => setUnassigning(null)}
      >
        <p>{say(msg('members.unassignBody', { name: unassigning?.name ?? '' }))}</p>
      </ConfirmDialog>
    </section>
  );
}

function FindMembers({ onStatus }: { onStatus: (message: Message) => void }) {
  const { t, say } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 300);
  const [problem, setProblem] = useState<Message | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The row whose button was pressed leaves the list (assigned, or taken by someone else): back to the search box.
  const refocus = () => requestAnimationFrame(() => input.current?.focus());
  const results = useInfiniteQuery({
    queryKey: memberKeys.search(query),
    queryFn: ({ pageParam }) => searchMembers(query, pageParam, kPageSize),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.has_next ? last.page + 1 : undefined),
    enabled: query.length > 0,
    staleTime: 0,
  });
  const assign = useMutation({
    mutationFn: (user: SearchUser) => assignMember(user.id),
    onSuccess: (_, user) => {
      setProblem(null);
      onStatus(msg('members.assigned', { name: user.name }));
      void queryClient.invalidateQueries({ queryKey: ['members'] });
      refocus();
    },
    onError: (error, user) => {
      setProblem(memberActionError(error, user.name));
      // Someone else took them (or they are gone): the list is out of date.
      void queryClient.invalidateQueries({ queryKey: ['members', 'search'] });
      refocus();
    },
  });

  useEffect(() => setProblem(null), [query]);

  const users = results.data?.pages.flatMap((page) => page.users) ?? [];
  const total = results.data?.pages[0]?.total_count ?? 0;
  const searching = query.length > 0;

  return (
    <section className="card section section--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('members.find')}</h2>
      <p className="muted">{t('members.find.note')}</p>
      <div className="field" role="search">
        <label htmlFor={`${id}-query`}>{t('members.search')}</label>
        <input
          ref={input}
          id={`${id}-query`}
          type="search"
          value={text}
          maxLength={100}
          onChange={(event) => setText(event.target.value)}
          autoComplete="off"
          aria-describedby={`${id}-result-count`}
        />
      </div>
      <p id={`${id}-result-count`} className="field-hint" aria-live="polite">
        {searching && results.isSuccess ? t('members.resultCount', { count: total }) : ''}
      </p>
      <p role="alert" className={problem ? 'inline-error' : 'notice--empty'}>
        {problem ? say(problem) : ''}
      </p>
      {!searching ? null : results.isPending ? (
        <p className="muted">{t('members.searching')}</p>
      ) : results.isError ? (
        <p role="alert" className="inline-error">
          {say(describeProblem(results.error, []).summary[0] ?? msg('error.generic'))}
        </p>
      ) : users.length === 0 ? (
        <p className="empty-state">{t('members.noResults', { query })}</p>
      ) : (
        <>
          <ul className="people" aria-busy={results.isFetching || undefined}>
            {users.map((user) => {
              const pending = assign.isPending && assign.variables?.id === user.id;
              return (
                <li key={user.id} className="people-item">
                  <span className="people-link">
                    <Avatar src={user.profile_image} name={user.name} />
                    <span className="people-text">
                      <span className="people-name">{user.name}</span>
                      <span className="people-sub">{user.email}</span>
                    </span>
                  </span>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => assign.mutate(user)}
                    disabled={assign.isPending}
                    aria-label={t('members.assignNamed', { name: user.name })}
                  >
                    {pending ? t('members.assigning') : t('members.assign')}
                  </button>
                </li>
              );
            })}
          </ul>
          {results.hasNextPage && (
            <button
              type="button"
              className="button button--secondary button--block"
              onClick={() => void results.fetchNextPage()}
              disabled={results.isFetchingNextPage}
            >
              {results.isFetchingNextPage ? t('action.loading') : t('members.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The trainer's dashboard: their members, and finding members without a trainer to take on. */
export function MembersPage() {
  const { t, say } = useI18n();
  const { role } = useSession();
  // Arriving from a member's page after unassigning them: say so.
  const arrivedWith = useLocation().state as { unassigned?: unknown } | null;
  const [status, setStatus] = useState<Message | null>(() =>
    typeof arrivedWith?.unassigned === 'string' ? msg('members.unassigned', { name: arrivedWith.unassigned }) : null,
  );
  return (
    <Page title={t('page.members.title')}>
      <p className="lead">{t('page.members.intro')}</p>
      <p role="status" className={status ? 'notice' : 'notice--empty'}>
        {status ? say(status) : ''}
      </p>
      <div className="members-grid">
        <MyMembers onStatus={setStatus} />
        {role === 'trainer' && <FindMembers onStatus={setStatus} />}
      </div>
    </Page>
  );
}

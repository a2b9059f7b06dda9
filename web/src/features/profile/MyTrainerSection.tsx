import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { getMyTrainer, leaveTrainer, memberKeys } from '../../api/members';
import { Avatar } from '../../components/Avatar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useI18n } from '../../i18n';
import { describeProblem } from '../auth/problems';
import { msg } from '../auth/validation';
import { LoadFailed } from '../../components/LoadFailed';

/** A member's trainer: who they are and how to reach them, and leaving them (after a confirmation). */
export function MyTrainerSection() {
  const { t } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [left, setLeft] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const query = useQuery({ queryKey: memberKeys.myTrainer, queryFn: getMyTrainer });
  const leave = useMutation({
    mutationFn: leaveTrainer,
    onSuccess: () => {
      setConfirming(false);
      setLeft(true);
      queryClient.setQueryData(memberKeys.myTrainer, null);
      void queryClient.invalidateQueries({ queryKey: memberKeys.profile });
      // The button that opened the dialog is gone with the trainer: the focus goes to the section.
      requestAnimationFrame(() => heading.current?.focus());
    },
  });
  const trainer = query.data;

  return (
    <section className="card section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('myTrainer.title')}
      </h2>
      {query.isPending ? (
        <p className="muted">{t('action.loading')}</p>
      ) : query.isError ? (
        <LoadFailed message="myTrainer.loadFailed" onRetry={() => query.refetch()} />
      ) : trainer ? (
        <>
          <div className="person">
            <Avatar src={trainer.profile_image} name={trainer.name} size="lg" />
            <div className="person-text">
              <p className="person-name">{trainer.name}</p>
              <p>
                <a href={`mailto:${trainer.email}`}>{trainer.email}</a>
              </p>
              {trainer.phone && (
                <p>
                  <a href={`tel:${trainer.phone.replace(/[^\d+]/g, '')}`}>{trainer.phone}</a>
                </p>
              )}
            </div>
          </div>
          <button
            type="button"
            className="button button--secondary button--danger-outline"
            onClick={() => {
              leave.reset();
              setConfirming(true);
            }}
          >
            {t('myTrainer.leave')}
          </button>
          <ConfirmDialog
            open={confirming}
            title={t('myTrainer.leaveTitle', { name: trainer.name })}
            confirmLabel={t('myTrainer.leaveConfirm')}
            pendingLabel={t('myTrainer.leaving')}
            danger
            pending={leave.isPending}
            error={leave.isError ? (describeProblem(leave.error, []).summary[0] ?? msg('error.generic')) : null}
            onConfirm={() => leave.mutate()}
            onCancel={() => setConfirming(false)}
          >
            <p>{t('myTrainer.leaveBody', { name: trainer.name })}</p>
          </ConfirmDialog>
        </>
      ) : (
        <p className="empty-state">{t('myTrainer.none')}</p>
      )}
      <p role="status" className={left && !trainer ? 'notice' : 'notice--empty'}>
        {left && !trainer ? t('myTrainer.left') : ''}
      </p>
    </section>
  );
}

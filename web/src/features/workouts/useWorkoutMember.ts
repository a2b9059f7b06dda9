import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { getMemberDetail, memberKeys } from '../../api/members';
import { useSession } from '../auth/session';

/**
 * Whose workouts a page shows: the member in the route (/members/:memberId/..., a trainer's member) or the
 * signed-in member (/workouts/...). `own` is true for the latter.
 */
export function useWorkoutMember(): { id: number | null; name: string; own: boolean; base: string } {
  const params = useParams();
  const { user } = useSession();
  const routeId = params.memberId !== undefined && /^\d+$/.test(params.memberId) ? Number(params.memberId) : null;
  const own = params.memberId === undefined;
  const detail = useQuery({
    queryKey: memberKeys.detail(routeId ?? -1),
    queryFn: () => getMemberDetail(routeId!),
    enabled: routeId !== null,
  });
  if (own) return { id: user?.id ?? null, name: user?.name ?? '', own, base: '/workouts' };
  return { id: routeId, name: detail.data?.member.name ?? '', own, base: `/members/${routeId ?? ''}` };
}

// What each kind of user finds in the navigation. The route guards (App.tsx) read the same table, so a page is
// reachable by exactly the roles that see it in their menu.
import type { IconName } from '../components/Icon';
import type { Role } from '../features/auth/session';
import type { MessageKey } from '../i18n';

export interface NavItem {
  to: string;
  label: MessageKey;
  icon: IconName;
}

const home: NavItem = { to: '/', label: 'nav.home', icon: 'home' };
const login: NavItem = { to: '/login', label: 'nav.login', icon: 'login' };
const signup: NavItem = { to: '/signup', label: 'nav.signup', icon: 'signup' };
const myWorkouts: NavItem = { to: '/workouts', label: 'nav.myWorkouts', icon: 'workouts' };
const coaching: NavItem = { to: '/coaching', label: 'nav.coaching', icon: 'coaching' };
const community: NavItem = { to: '/community', label: 'nav.community', icon: 'community' };
const classes: NavItem = { to: '/classes', label: 'nav.classes', icon: 'classes' };
const profile: NavItem = { to: '/profile', label: 'nav.profile', icon: 'profile' };
const members: NavItem = { to: '/members', label: 'nav.members', icon: 'members' };
const workouts: NavItem = { to: '/workouts', label: 'nav.workouts', icon: 'workouts' };
const demonstrations: NavItem = { to: '/demonstrations', label: 'nav.demonstrations', icon: 'demonstrations' };
const admin: NavItem = { to: '/admin', label: 'nav.admin', icon: 'admin' };

const trainerItems = [home, members, workouts, demonstrations, classes, profile];

export const navigation: Record<Role, readonly NavItem[]> = {
  anonymous: [home, login, signup],
  member: [home, myWorkouts, coaching, community, classes, profile],
  trainer: trainerItems,
  admin: [...trainerItems, admin],
};

/** The roles whose navigation has a link to `path`. */
export function rolesFor(path: string): Role[] {
  return (Object.keys(navigation) as Role[]).filter((role) => navigation[role].some((item) => item.to === path));
}

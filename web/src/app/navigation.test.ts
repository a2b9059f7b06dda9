import { describe, expect, it } from 'vitest';
import { catalogue } from '../i18n/messages';
import { navigation, rolesFor } from './navigation';

const labels = (role: keyof typeof navigation) => navigation[role].map((item) => catalogue.en[item.label]);

describe('navigation', () => {
  it('adapts to the role', () => {
    expect(labels('anonymous')).toEqual(['Home', 'Log in', 'Sign up']);
    expect(labels('member')).toEqual(['Home', 'My workouts', 'Coaching', 'Community', 'Classes', 'Profile']);
    expect(labels('trainer')).toEqual(['Home', 'Members', 'Workouts', 'Demos', 'Classes', 'Profile']);
    expect(labels('admin')).toEqual([...labels('trainer'), 'Admin']);
  });

  it('tells which roles may open a page', () => {
    expect(rolesFor('/coaching')).toEqual(['member']);
    expect(rolesFor('/workouts')).toEqual(['member', 'trainer', 'admin']);
    expect(rolesFor('/admin')).toEqual(['admin']);
  });
});

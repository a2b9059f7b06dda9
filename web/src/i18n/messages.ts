// The message catalogue: every text the web app shows, in Korean and English.
//
// Korean is the source: its keys define MessageKey, so t('a.key') with an unknown key does not type-check, and
// the English table must have exactly the same keys (`satisfies` rejects a missing or an extra one).
// Placeholders are written {name} and filled by t('key', { name }).

export const languages = ['ko', 'en'] as const;
export type Language = (typeof languages)[number];

/** Each language's name in that language, for the language switch. */
export const languageNames: Record<Language, string> = { ko: '한국어', en: 'English' };

const ko = {
  'app.name': 'Spotter',
  'app.tagline': '트레이너, 헬스장, 회원을 위한 트레이닝 플랫폼',
  'a11y.skipToContent': '본문으로 건너뛰기',
  'lang.label': '언어',
  'nav.label': '주 메뉴',
  'nav.home': '홈',
  'nav.login': '로그인',
  'nav.signup': '회원가입',
  'nav.myWorkouts': '내 운동',
  'nav.coaching': '코칭',
  'nav.community': '커뮤니티',
  'nav.classes': '수업',
  'nav.profile': '프로필',
  'nav.members': '회원',
  'nav.workouts': '운동',
  'nav.demonstrations': '시범 영상',
  'nav.admin': '관리',
  'footer.apiDocs': 'API 문서',
  'role.member': '회원',
  'role.trainer': '트레이너',
  'role.admin': '관리자',

  'home.title': 'Spotter에 오신 것을 환영합니다',
  'home.titleSignedIn': '{name}님, 반갑습니다',
  'home.lead': '운동 기록, 코칭, 수업, 커뮤니티를 한곳에서. 세트 사이에 휴대폰으로, 한 손으로 기록하세요.',
  'home.cta.signup': '무료로 시작하기',
  'home.cta.login': '로그인',
  'home.features.title': 'Spotter로 할 수 있는 일',
  'home.feature.log.title': '세트 사이에 빠르게 기록',
  'home.feature.log.body': '무게와 횟수를 몇 번의 탭으로 남기고 지난 기록과 비교하세요.',
  'home.feature.coach.title': '트레이너와 함께',
  'home.feature.coach.body': '트레이너가 프로그램을 짜고 기록을 확인하며, 시범 영상으로 바른 자세를 알려 줍니다.',
  'home.feature.classes.title': '수업과 커뮤니티',
  'home.feature.classes.body': '헬스장 수업을 예약하고 함께 운동하는 사람들과 소식을 나누세요.',

  'status.label': '서버 상태',
  'status.checking': '서버 확인 중…',
  'status.online': '서버 정상',
  'status.offline': '서버에 연결할 수 없습니다',
  'status.retry': '다시 확인',

  'comingSoon.badge': '준비 중',
  'comingSoon.body': '이 기능은 곧 제공됩니다.',
  'page.login.title': '로그인',
  'page.login.intro': '이메일과 비밀번호로 로그인하는 기능을 준비하고 있습니다.',
  'page.signup.title': '회원가입',
  'page.signup.intro': '회원 또는 트레이너로 가입하는 기능을 준비하고 있습니다.',
  'page.myWorkouts.title': '내 운동',
  'page.myWorkouts.intro': '운동 일지와 세트 기록이 여기에 표시됩니다.',
  'page.workouts.title': '운동',
  'page.workouts.intro': '회원에게 배정할 운동 프로그램과 운동 목록을 관리합니다.',
  'page.coaching.title': '코칭',
  'page.coaching.intro': '담당 트레이너의 피드백과 메시지를 확인합니다.',
  'page.community.title': '커뮤니티',
  'page.community.intro': '게시글, 댓글, 좋아요로 운동 소식을 나눕니다.',
  'page.classes.title': '수업',
  'page.classes.intro': '수업 일정을 보고 자리를 예약합니다.',
  'page.profile.title': '프로필',
  'page.profile.intro': '계정 정보와 설정을 관리합니다.',
  'page.members.title': '회원',
  'page.members.intro': '담당 회원과 회원들의 운동 기록을 확인합니다.',
  'page.demonstrations.title': '시범 영상',
  'page.demonstrations.intro': '운동 동작 시범 영상을 올리고 회원과 공유합니다.',
  'page.admin.title': '관리',
  'page.admin.intro': '사용자, 헬스장, 결제를 관리합니다.',

  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.body': '주소를 확인하거나 홈으로 돌아가세요.',
  'notFound.home': '홈으로',
  'forbidden.title': '이 페이지를 볼 권한이 없습니다',
  'forbidden.body': '{role} 계정으로는 이 페이지를 사용할 수 없습니다.',
} as const;

/** A key of the message catalogue. */
export type MessageKey = keyof typeof ko;

const en = {
  'app.name': 'Spotter',
  'app.tagline': 'The training platform for trainers, gyms and members',
  'a11y.skipToContent': 'Skip to content',
  'lang.label': 'Language',
  'nav.label': 'Main',
  'nav.home': 'Home',
  'nav.login': 'Log in',
  'nav.signup': 'Sign up',
  'nav.myWorkouts': 'My workouts',
  'nav.coaching': 'Coaching',
  'nav.community': 'Community',
  'nav.classes': 'Classes',
  'nav.profile': 'Profile',
  'nav.members': 'Members',
  'nav.workouts': 'Workouts',
  'nav.demonstrations': 'Demos',
  'nav.admin': 'Admin',
  'footer.apiDocs': 'API docs',
  'role.member': 'Member',
  'role.trainer': 'Trainer',
  'role.admin': 'Administrator',

  'home.title': 'Welcome to Spotter',
  'home.titleSignedIn': 'Welcome back, {name}',
  'home.lead': 'Workouts, coaching, classes and community in one place. Log a set on your phone, one-handed, between sets.',
  'home.cta.signup': 'Get started',
  'home.cta.login': 'Log in',
  'home.features.title': 'What Spotter does',
  'home.feature.log.title': 'Log sets between sets',
  'home.feature.log.body': 'Record weight and reps in a few taps and compare them with last time.',
  'home.feature.coach.title': 'Train with your coach',
  'home.feature.coach.body': 'Your trainer plans your programme, reviews your logs and shows good form in demonstration videos.',
  'home.feature.classes.title': 'Classes and community',
  'home.feature.classes.body': "Book your gym's classes and share progress with the people you train with.",

  'status.label': 'Server status',
  'status.checking': 'Checking the server…',
  'status.online': 'Server online',
  'status.offline': 'Server offline',
  'status.retry': 'Check again',

  'comingSoon.badge': 'Coming soon',
  'comingSoon.body': 'This feature is on its way.',
  'page.login.title': 'Log in',
  'page.login.intro': 'Logging in with your email and password is coming soon.',
  'page.signup.title': 'Sign up',
  'page.signup.intro': 'Signing up as a member or a trainer is coming soon.',
  'page.myWorkouts.title': 'My workouts',
  'page.myWorkouts.intro': 'Your workout log and your sets will appear here.',
  'page.workouts.title': 'Workouts',
  'page.workouts.intro': 'Manage the programmes and exercises you assign to your members.',
  'page.coaching.title': 'Coaching',
  'page.coaching.intro': "Feedback and messages from your trainer.",
  'page.community.title': 'Community',
  'page.community.intro': 'Share your training with posts, comments and likes.',
  'page.classes.title': 'Classes',
  'page.classes.intro': 'See the class schedule and book a place.',
  'page.profile.title': 'Profile',
  'page.profile.intro': 'Manage your account and settings.',
  'page.members.title': 'Members',
  'page.members.intro': 'Your members and their training logs.',
  'page.demonstrations.title': 'Demonstrations',
  'page.demonstrations.intro': 'Upload exercise demonstration videos and share them with your members.',
  'page.admin.title': 'Admin',
  'page.admin.intro': 'Manage users, gyms and payments.',

  'notFound.title': 'Page not found',
  'notFound.body': 'Check the address, or go back to the home page.',
  'notFound.home': 'Go home',
  'forbidden.title': "You don't have access to this page",
  'forbidden.body': 'This page is not available to a {role} account.',
} satisfies Record<MessageKey, string>;

export const catalogue: Record<Language, Record<MessageKey, string>> = { ko, en };

/** Values for a message's {placeholders}. */
export type MessageValues = Record<string, string | number>;

/** Looks a message up and fills its {placeholders}; an unknown placeholder is left as written. */
export function translate(language: Language, key: MessageKey, values?: MessageValues): string {
  const message = catalogue[language][key];
  if (!values) return message;
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

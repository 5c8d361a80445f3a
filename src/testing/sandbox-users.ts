import type { OneRosterRoleName, OneRosterUser } from '../oneroster/oneroster.models.js';

/** mulberry32: a small, fast PRNG, so the same seed always yields the same roster. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN_NAMES = ['Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Isla', 'Mateo', 'Aria', 'Lucas', 'Nora', 'Kai', 'Leah', 'Omar', 'Ruby', 'Theo', 'Sofia', 'Jonah', 'Mila', 'Elijah', 'Chloé', 'Søren', 'Zoë', 'Ana'];
const FAMILY_NAMES = ['Nguyen', 'Garcia', 'Smith', 'Okafor', 'Kowalski', 'Haddad', 'Johnson', 'Tanaka', 'Rossi', 'Müller', 'Brown', 'Patel', 'Silva', 'Kim', 'Dubois', 'Larsen', "O'Neill", 'Novak', 'Cohen', 'Reyes'];
const ORGS = [
  { sourcedId: 'org-alpha-austin', name: 'Alpha School Austin' },
  { sourcedId: 'org-alpha-miami', name: 'Alpha School Miami' },
  { sourcedId: 'org-alpha-brownsville', name: 'Alpha School Brownsville' },
  { sourcedId: 'org-alpha-online', name: 'Alpha Online' },
];
const GRADES = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function emailLocalPart(given: string, family: string, n: number): string {
  const ascii = `${given}.${family}`.normalize('NFD').replace(/[^A-Za-z.]/g, '').toLowerCase();
  return `${ascii}${n}`;
}

/** A realistic, deterministic roster: mostly students, some teachers, a few administrators and parents. */
export function generateUsers(count: number, seed: number, apiBaseUrl: string): OneRosterUser[] {
  const random = seededRandom(seed);
  const base = apiBaseUrl.replace(/\/+$/, '');
  const orgRef = (sourcedId: string) => ({ href: `${base}/ims/oneroster/rostering/v1p2/orgs/${sourcedId}`, sourcedId, type: 'org' });
  const users: OneRosterUser[] = [];
  for (let n = 1; n <= count; n++) {
    const givenName = pick(random, GIVEN_NAMES);
    const familyName = pick(random, FAMILY_NAMES);
    const roll = random();
    const role: OneRosterRoleName = roll < 0.78 ? 'student' : roll < 0.92 ? 'teacher' : roll < 0.96 ? 'administrator' : 'parent';
    const org = pick(random, ORGS);
    const sourcedId = uuid(random);
    const modified = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 330 * 86_400_000));
    const identifier = `${role === 'student' ? 'S' : 'E'}${String(100000 + n)}`;
    users.push({
      sourcedId,
      status: random() < 0.96 ? 'active' : 'tobedeleted',
      dateLastModified: modified.toISOString(),
      metadata: null,
      userMasterIdentifier: identifier,
      username: emailLocalPart(givenName, familyName, n),
      userIds: [{ type: 'SIS', identifier }],
      enabledUser: random() < 0.93 ? 'true' : 'false',
      givenName,
      familyName,
      middleName: null,
      roles: [{ roleType: 'primary', role, org: orgRef(org.sourcedId), beginDate: '2025-08-11', endDate: null }],
      agents: [],
      userProfiles: [],
      primaryOrg: orgRef(org.sourcedId),
      identifier,
      email: `${emailLocalPart(givenName, familyName, n)}@${role === 'parent' ? 'example.com' : 'alpha.school'}`,
      preferredFirstName: null,
      preferredMiddleName: null,
      preferredLastName: null,
      pronouns: null,
      grades: role === 'student' ? [pick(random, GRADES)] : [],
      password: null,
      sms: null,
      phone: null,
      demographics: null,
    });
  }
  return users;
}

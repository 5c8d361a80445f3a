/** Types from Timeback's OneRoster 1.2 spec (`components/schemas`), including its documented divergences from 1EdTech. */

export type OneRosterStatus = 'active' | 'tobedeleted';

export type OneRosterRoleName =
  | 'administrator'
  | 'aide'
  | 'guardian'
  | 'parent'
  | 'proctor'
  | 'relative'
  | 'student'
  | 'teacher';

export type OneRosterGuidType =
  | 'academicSession'
  | 'assessmentLineItem'
  | 'category'
  | 'class'
  | 'course'
  | 'demographics'
  | 'enrollment'
  | 'gradingPeriod'
  | 'lineItem'
  | 'org'
  | 'resource'
  | 'result'
  | 'scoreScale'
  | 'student'
  | 'teacher'
  | 'term'
  | 'user'
  | 'componentResource'
  | 'courseComponent';

export interface OneRosterGuidRef<TType extends string = string> {
  href: string;
  sourcedId: string;
  type: TType;
}

export interface OneRosterUserId {
  type: string;
  identifier: string;
}

export interface OneRosterRole {
  roleType: 'primary' | 'secondary';
  role: OneRosterRoleName;
  org: OneRosterGuidRef;
  userProfile?: string;
  beginDate?: string | null;
  endDate?: string | null;
}

export interface OneRosterCredential {
  id: string;
  type: string;
  username: string;
  password?: string | null;
}

export interface OneRosterUserProfile {
  profileId: string;
  profileType: string;
  vendorId: string;
  applicationId: string;
  description?: string | null;
  app: {
    sourcedId: string;
    name: string;
    description?: string | null;
    domain: string;
    metadata?: Record<string, unknown> | null;
  };
  credentials: OneRosterCredential[];
}

/** Schema `User`. `enabledUser` is the string `'true'` / `'false'`, as Timeback sends it. */
export interface OneRosterUser {
  sourcedId: string;
  status: OneRosterStatus;
  dateLastModified?: string;
  metadata?: Record<string, unknown> | null;
  userMasterIdentifier?: string | null;
  username?: string | null;
  userIds?: OneRosterUserId[];
  enabledUser: 'true' | 'false';
  givenName: string;
  familyName: string;
  middleName?: string | null;
  roles: OneRosterRole[];
  agents: OneRosterGuidRef<OneRosterGuidType>[];
  userProfiles: OneRosterUserProfile[];
  primaryOrg?: OneRosterGuidRef;
  identifier?: string | null;
  email?: string | null;
  preferredFirstName?: string | null;
  preferredMiddleName?: string | null;
  preferredLastName?: string | null;
  pronouns?: string | null;
  grades?: string[];
  password?: string | null;
  sms?: string | null;
  phone?: string | null;
  demographics?: Record<string, unknown> | null;
}

/** The paging fields Timeback adds to every list body. `pageNumber` is 1-based. */
export interface OneRosterPage {
  totalCount: number;
  pageCount: number;
  pageNumber: number;
  offset: number;
  limit: number;
}

export interface GetUserOptions {
  /** Project the user onto these fields (`?fields=`). */
  fields?: string[];
}

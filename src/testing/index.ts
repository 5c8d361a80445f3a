export {
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  TimebackSandbox,
  type TimebackSandboxOptions,
  type TimebackSandboxUrls,
} from './timeback-sandbox.js';
export {
  SANDBOX_SERVICES,
  SandboxFaults,
  type DelayFault,
  type FaultMatch,
  type HangFault,
  type ResetFault,
  type SandboxFault,
  type SandboxService,
  type StatusFault,
} from './sandbox-faults.js';
export { SandboxStats, type SandboxRequestRecord, type TokenRejection } from './sandbox-stats.js';
export type { CaliperEnvelope } from './sandbox-caliper.js';
export type { SandboxStimulus } from './sandbox-qti.js';
export { generateUsers } from './sandbox-users.js';

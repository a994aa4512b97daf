/**
 * The demo organisation: waku-org as it looked in late 2023, generated deterministically (a seeded
 * PRNG, timestamps relative to `now`) so the demo, the docs and the snapshot tests agree.
 *
 * It carries the drift a real organisation accumulates, so every command has something to show:
 * a repository with GitHub's default labels only, a drifted colour, an old label name, a case-only
 * difference, an epic with two epic labels, tasks with two epic labels, an archived repository and
 * a fork, and weekly updates in every heading variant the team really used.
 *
 * It also has a history (issue events) from the day the lead created the GitHub milestones, late
 * August 2023, to the pinned clock: scope added week by week, a task removed, a reopen, a
 * not-planned close, an epic moved out of Gen 0, a renamed milestone and a renamed epic label, so
 * `history` draws a real burn-up with a forecast. `demoHistory()` states those facts for tests.
 */
import type { Seed, SeedComment, SeedEvent, SeedIssue, SeedLabel, SeedMilestone, SeedRepo } from "./seed.js";

export const DEMO_ORG = "waku-org";

/** The token the demo simulator accepts (not a real credential: the simulator is local). */
export const DEMO_TOKEN = "ghp_waku_pm_demo_token";

/** Team members who post weekly updates; the first is the lead, who also updates the milestones. */
export const DEMO_TEAM = [
  "mira-lead",
  "kaiyo-nim",
  "jonas-rln",
  "sofia-js",
  "theo-go",
  "nadia-qa",
  "ravi-infra",
  "lena-research",
] as const;

/** The 59 labels of waku-org/pm's `.github/labels.yml` (2023), every field as written there. */
export const PM_LABELS: readonly SeedLabel[] = [
  { name: "bug", color: "d73a4a", description: "Something isn't working" },
  { name: "documentation", color: "0075ca", description: "Improvements or additions to documentation" },
  { name: "duplicate", color: "cfd3d7", description: "This issue or pull request already exists" },
  { name: "enhancement", color: "a2eeef", description: "New feature or request" },
  { name: "good first issue", color: "7057ff", description: "Good for newcomers" },
  { name: "help wanted", color: "008672", description: "Extra attention is needed" },
  { name: "invalid", color: "e4e669", description: "This doesn't seem right" },
  { name: "wontfix", color: "ffffff", description: "This will not be worked on" },
  { name: "blocked", color: "e0af74", description: "This issue is blocked by some other work" },
  { name: "critical", color: "B60205", description: "This issue needs critical attention" },
  { name: "infra", color: "277196", description: "Infra, devops, CI and related tasks" },
  { name: "milestone", color: "1CC0B0", description: "Tracks a subteam milestone" },
  { name: "epic", color: "07544B", description: "Tracks a yearly team epic (only for waku-org/pm repo)" },
  {
    name: "test",
    color: "277196",
    description: "Issue related to the test suite with no expected consequence to production code",
  },
  {
    name: "release-notes",
    color: "fb3c99",
    description:
      "Issue/PR needs to be evaluated for inclusion in release notes highlights or upgrade instructions",
  },
  {
    name: "dependencies",
    color: "0366d6",
    description: "Pull requests that update a dependency file or issues that track it",
  },
  { name: "release", color: "B4FFA8", description: "Tracks releases" },
  {
    name: "track:rln",
    color: "C89BC6",
    description: "RLN Track (Secure Messaging/Applied ZK), e.g. relay and applications",
  },
  { name: "track:anonymity", color: "06B6C8", description: "Anonymity track (Secure Messaging)" },
  {
    name: "track:operator-outreach",
    color: "B888AB",
    description: "Operator outreach track (Secure Messaging/Waku Product)",
  },
  { name: "track:ft-store", color: "F5FD62", description: "FT-Store track (Secure Messaging)" },
  {
    name: "track:discovery",
    color: "6BEB61",
    description: "Discovery track (Secure Messaging/Waku Product)",
  },
  {
    name: "track:protocol-incentivization",
    color: "0037E3",
    description: "Protocol Incentivization track (Secure Messaging), e.g. service credentials",
  },
  {
    name: "track:restricted-run",
    color: "D91C35",
    description: "Restricted run track (Secure Messaging/Waku Product), e.g. filter, WebRTC",
  },
  {
    name: "track:conversational-security",
    color: "CC6B00",
    description: "Conversational security track (Secure Messaging)",
  },
  {
    name: "track:nwaku-productionization",
    color: "9DEA79",
    description: "nwaku productionization track (Waku Product)",
  },
  { name: "track:nwaku-maintenance", color: "40F9F0", description: "nwaku maintenance track (Waku Product)" },
  {
    name: "track:network-testing",
    color: "bfd4f2",
    description: "Network testing track (Secure Messaging/Waku Product)",
  },
  { name: "track:platform-outreach", color: "06B6C8", description: "Platform outreach track (Waku Product)" },
  { name: "track:sdks", color: "34D557", description: "SDKS track (Waku Product), including bindings" },
  {
    name: "track:go-waku-productionization",
    color: "9DEA79",
    description: "go-waku productionization track (Waku Product)",
  },
  {
    name: "E:Define network and community metrics",
    color: "2B4DAF",
    description: "See https://github.com/waku-org/pm/issues/35 for details",
  },
  {
    name: "E:Comprehensive dev testing",
    color: "088DF8",
    description: "See https://github.com/waku-org/pm/issues/90 for details",
  },
  {
    name: "E:Basic service incentivization",
    color: "0e8a16",
    description: "See https://github.com/waku-org/pm/issues/96 for details",
  },
  {
    name: "E:Presentation Readiness",
    color: "95D888",
    description: "See https://github.com/waku-org/pm/issues/95 for details",
  },
  {
    name: "E:RLN on mainnet",
    color: "54D412",
    description: "see https://github.com/waku-org/pm/issues/98 for details",
  },
  {
    name: "E:Static sharding",
    color: "b60205",
    description: "See https://github.com/waku-org/pm/issues/15 for details",
  },
  {
    name: "E:Opt-in message signing",
    color: "10C366",
    description: "See https://github.com/waku-org/pm/issues/20 for details",
  },
  {
    name: "E:Targeted Status Communities dogfooding",
    color: "10C313",
    description: "See https://github.com/waku-org/pm/issues/97 for details",
  },
  {
    name: "E:NodeJS Library",
    color: "fef2c0",
    description: "See https://github.com/waku-org/pm/issues/81 for details",
  },
  {
    name: "E:REST API service node",
    color: "bfd4f2",
    description: "See https://github.com/waku-org/pm/issues/82 for details",
  },
  {
    name: "E:RLN non-native SDKs",
    color: "3CDF39",
    description: "See https://github.com/waku-org/pm/issues/88 for details",
  },
  {
    name: "E:PostgreSQL",
    color: "35DCCC",
    description: "See https://github.com/waku-org/pm/issues/84 for details",
  },
  {
    name: "E:Cater for professional operators",
    color: "6E7C80",
    description: "See https://github.com/waku-org/pm/issues/92 for details",
  },
  {
    name: "E:1.1 Network requirements and task breakdown",
    color: "20A609",
    description: "See https://github.com/waku-org/pm/issues/62 for details",
  },
  {
    name: "E:1.2: Autosharding for autoscaling",
    color: "5319e7",
    description: "See https://github.com/waku-org/pm/issues/65 for details",
  },
  {
    name: "E:1.3: Node bandwidth management mechanism",
    color: "8A5EE0",
    description: "See https://github.com/waku-org/pm/issues/66 for details",
  },
  {
    name: "E:1.4: Sharded peer management and discovery",
    color: "244B5B",
    description: "See https://github.com/waku-org/pm/issues/67 for details",
  },
  {
    name: "E:1.5: Launch and dogfood integrated WN MVP",
    color: "195A49",
    description: "See https://github.com/waku-org/pm/issues/68 for details",
  },
  {
    name: "E:2.1: Production testing of existing protocols",
    color: "e99695",
    description: "See https://github.com/waku-org/pm/issues/49 for details",
  },
  {
    name: "E:2.2: Sharded cap discovery for light protocols",
    color: "92A880",
    description: "See https://github.com/waku-org/pm/issues/63 for details",
  },
  {
    name: "E:2.3: Basic distributed Store services",
    color: "37BEA9",
    description: "See https://github.com/waku-org/pm/issues/64 for details",
  },
  {
    name: "E:3.1: DoS requirements and design",
    color: "B342EA",
    description: "See https://github.com/waku-org/pm/issues/69 for details",
  },
  {
    name: "E:3.2: Basic DoS protection in production",
    color: "DF42D5",
    description: "See https://github.com/waku-org/pm/issues/70 for details",
  },
  {
    name: "E:3.3: Membership for Status Communities",
    color: "536D4F",
    description: "See https://github.com/waku-org/pm/issues/71 for details",
  },
  {
    name: "E:3.4: Production and memberships on mainnet",
    color: "e99695",
    description: "See https://github.com/waku-org/pm/issues/87 for details",
  },
  {
    name: "E:4.1: Basic front end for node operator",
    color: "1D4E15",
    description: "See https://github.com/waku-org/pm/issues/100 for details",
  },
  {
    name: "E:Automated release processes",
    color: "0052cc",
    description: "See https://github.com/waku-org/pm/issues/86 for details",
  },
  {
    name: "E:End-to-end testing",
    color: "bfd4f2",
    description: "See https://github.com/waku-org/pm/issues/34 for details",
  },
];

/** GitHub's default labels for a new repository (what an untouched repository carries). */
export const GITHUB_DEFAULT_LABELS: readonly SeedLabel[] = [
  { name: "bug", color: "d73a4a", description: "Something isn't working" },
  { name: "documentation", color: "0075ca", description: "Improvements or additions to documentation" },
  { name: "duplicate", color: "cfd3d7", description: "This issue or pull request already exists" },
  { name: "enhancement", color: "a2eeef", description: "New feature or request" },
  { name: "good first issue", color: "7057ff", description: "Good for newcomers" },
  { name: "help wanted", color: "008672", description: "Extra attention is needed" },
  { name: "invalid", color: "e4e669", description: "This doesn't seem right" },
  { name: "question", color: "d876e3", description: "Further information is requested" },
  { name: "wontfix", color: "ffffff", description: "This will not be worked on" },
];

/** The 18 repositories the epic labels were replicated to (docs/spec/data-model.md). */
export const DEMO_REPOS = [
  "docs.waku.org",
  "go-noise",
  "go-waku",
  "go-zerokit-rln",
  "internal-waku-outreach",
  "js-noise",
  "js-rln",
  "js-waku",
  "js-waku-examples",
  "js.waku.guide",
  "metrics.waku.org",
  "nwaku",
  "pm",
  "research",
  "waku-react-native",
  "waku-rust-bindings",
  "waku-ui",
  "waku.org",
] as const;

/** Outside the 18: archived (never written to) and a fork (skipped unless included by name). */
export const DEMO_ARCHIVED_REPO = "waku-legacy";
export const DEMO_FORK_REPO = "nim-libp2p";

/** The repository whose labels were never synced: GitHub's defaults only. */
export const DEMO_DEFAULT_LABELS_REPO = "internal-waku-outreach";

export interface DemoMilestone {
  number: number;
  title: string;
  trackingIssue: number;
  dueOn: string | null;
}

export const DEMO_MILESTONES: readonly DemoMilestone[] = [
  { number: 1, title: "Waku Network Gen 0", trackingIssue: 50, dueOn: "2023-12-01T00:00:00Z" },
  { number: 2, title: "Support Many Platforms", trackingIssue: 42, dueOn: "2024-03-31T00:00:00Z" },
  { number: 3, title: "Quality Assurance processes are in place", trackingIssue: 73, dueOn: null },
  {
    number: 4,
    title: "Waku Network can Support 1 Million Users",
    trackingIssue: 83,
    dueOn: "2024-06-30T00:00:00Z",
  },
];

interface EpicDef {
  number: number;
  /** The epic label; the epic issue is titled with the label minus its `E:`. */
  label: string;
  milestone: number | null;
  state: "open" | "closed";
  /** Task count per repository. */
  tasks: Record<string, number>;
  /** Share of the tasks that are closed. */
  closedShare: number;
  /** Share of the tasks that are issues rather than pull requests (default: as the title reads). */
  issueShare?: number;
  subjects: readonly string[];
}

/** Epics with their real issue numbers (from the label descriptions) and a plausible task spread. */
const EPICS: readonly EpicDef[] = [
  {
    number: 62,
    label: "E:1.1 Network requirements and task breakdown",
    milestone: 1,
    state: "closed",
    tasks: { research: 6, pm: 2 },
    closedShare: 1,
    subjects: ["Gen 0 requirements", "shard allocation", "traffic model", "node roles", "task breakdown"],
  },
  {
    number: 65,
    label: "E:1.2: Autosharding for autoscaling",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 14, "js-waku": 9, "go-waku": 8, "waku-rust-bindings": 2, "docs.waku.org": 2 },
    closedShare: 0.7,
    subjects: [
      "autosharding API for req-resp protocols",
      "content topic to shard mapping",
      "autosharding config flags",
      "pubsub topic derivation",
      "named sharding fallback",
      "shard subscription on startup",
      "autosharding for filter",
      "autosharding for lightpush",
    ],
  },
  {
    number: 66,
    label: "E:1.3: Node bandwidth management mechanism",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 6, research: 4 },
    closedShare: 0.4,
    subjects: ["bandwidth metrics", "per-shard rate limits", "gossipsub scoring", "relay bandwidth caps"],
  },
  {
    number: 67,
    label: "E:1.4: Sharded peer management and discovery",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 10, "go-waku": 5, "js-waku": 4 },
    closedShare: 0.6,
    subjects: [
      "shard-aware peer manager",
      "discv5 shard filter",
      "ENR shard field",
      "peer exchange per shard",
    ],
  },
  {
    number: 68,
    label: "E:1.5: Launch and dogfood integrated WN MVP",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 5, "docs.waku.org": 3, "waku.org": 1, "js-waku-examples": 2 },
    closedShare: 0.2,
    subjects: ["Gen 0 fleet deployment", "dogfooding guide", "network launch checklist", "MVP demo app"],
  },
  {
    number: 49,
    label: "E:2.1: Production testing of existing protocols",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 125, "go-waku": 6, "js-waku": 5 },
    closedShare: 0.75,
    // QA files most of this epic's work as issues: over 100 in nwaku, so readers must paginate.
    issueShare: 0.9,
    subjects: [
      "relay",
      "store",
      "filter v2",
      "lightpush",
      "peer exchange",
      "discv5",
      "RLN relay",
      "metadata protocol",
      "keep-alive",
      "connection manager",
      "message cache",
      "archive retention",
    ],
  },
  {
    number: 63,
    label: "E:2.2: Sharded cap discovery for light protocols",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 5, "js-waku": 4, "go-waku": 3 },
    closedShare: 0.5,
    subjects: ["capability discovery", "light node bootstrap", "service peer selection"],
  },
  {
    number: 64,
    label: "E:2.3: Basic distributed Store services",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 9, "go-waku": 3, "js-waku": 3 },
    closedShare: 0.55,
    subjects: ["store sync", "store query by shard", "store node discovery", "message hash index"],
  },
  {
    number: 69,
    label: "E:3.1: DoS requirements and design",
    milestone: 1,
    state: "closed",
    tasks: { research: 6 },
    closedShare: 1,
    subjects: ["DoS threat model", "rate limiting design", "RLN epoch sizing"],
  },
  {
    number: 70,
    label: "E:3.2: Basic DoS protection in production",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 8, "go-waku": 3, "js-rln": 3, "go-zerokit-rln": 2 },
    closedShare: 0.5,
    subjects: ["RLN proof validation", "membership tree sync", "nullifier log", "RLN credentials"],
  },
  {
    number: 71,
    label: "E:3.3: Membership for Status Communities",
    milestone: 1,
    state: "open",
    tasks: { "js-rln": 5, "go-waku": 3, nwaku: 2 },
    closedShare: 0.3,
    subjects: ["community membership contract", "membership registration", "credential export"],
  },
  {
    number: 87,
    label: "E:3.4: Production and memberships on mainnet",
    milestone: 1,
    state: "open",
    tasks: { nwaku: 3, research: 2 },
    closedShare: 0,
    subjects: ["mainnet contract deployment", "membership fee model"],
  },
  {
    number: 100,
    label: "E:4.1: Basic front end for node operator",
    milestone: 1,
    state: "open",
    tasks: { "waku-ui": 4, "metrics.waku.org": 2, nwaku: 1 },
    closedShare: 0.25,
    subjects: ["operator dashboard", "node health page", "REST admin endpoints"],
  },
  {
    number: 81,
    label: "E:NodeJS Library",
    milestone: 2,
    state: "open",
    tasks: { "js-waku": 8, "js-waku-examples": 3 },
    closedShare: 0.5,
    subjects: ["NodeJS support", "ESM/CJS packaging", "node example"],
  },
  {
    number: 82,
    label: "E:REST API service node",
    milestone: 2,
    state: "open",
    tasks: { nwaku: 10, "docs.waku.org": 2 },
    closedShare: 0.6,
    subjects: ["REST filter endpoints", "REST store endpoints", "REST lightpush", "REST health"],
  },
  {
    number: 88,
    label: "E:RLN non-native SDKs",
    milestone: 2,
    state: "open",
    tasks: { "js-rln": 4, "waku-rust-bindings": 3, "go-zerokit-rln": 3 },
    closedShare: 0.4,
    subjects: ["zerokit bindings", "RLN wasm build", "proof generation API"],
  },
  {
    number: 84,
    label: "E:PostgreSQL",
    milestone: 4,
    state: "open",
    tasks: { nwaku: 9, "go-waku": 3 },
    closedShare: 0.45,
    subjects: ["Postgres archive driver", "Postgres migrations", "Postgres query performance"],
  },
  {
    number: 92,
    label: "E:Cater for professional operators",
    milestone: 4,
    state: "open",
    tasks: { nwaku: 4, "docs.waku.org": 3 },
    closedShare: 0.3,
    subjects: ["operator docker compose", "operator monitoring", "node configuration guide"],
  },
  {
    number: 86,
    label: "E:Automated release processes",
    milestone: 3,
    state: "open",
    tasks: { nwaku: 4, "js-waku": 3, "go-waku": 2 },
    closedShare: 0.5,
    subjects: ["release workflow", "changelog generation", "nightly builds"],
  },
  {
    number: 34,
    label: "E:End-to-end testing",
    milestone: 3,
    state: "open",
    tasks: { "js-waku": 5, nwaku: 3 },
    closedShare: 0.4,
    subjects: ["interop test suite", "browser e2e tests", "test fleet"],
  },
  {
    number: 35,
    label: "E:Define network and community metrics",
    milestone: null,
    state: "open",
    tasks: { "metrics.waku.org": 3 },
    closedShare: 0.3,
    subjects: ["network size metric", "community dashboard"],
  },
  {
    number: 90,
    label: "E:Comprehensive dev testing",
    milestone: null,
    state: "open",
    tasks: { "js-waku": 3 },
    closedShare: 0.3,
    subjects: ["unit test coverage", "flaky test triage"],
  },
  {
    number: 96,
    label: "E:Basic service incentivization",
    milestone: null,
    state: "open",
    tasks: { research: 3 },
    closedShare: 0,
    subjects: ["service credentials", "incentive model"],
  },
  {
    number: 95,
    label: "E:Presentation Readiness",
    milestone: null,
    state: "open",
    tasks: { "js.waku.guide": 2, "waku.org": 2 },
    closedShare: 0.5,
    subjects: ["website refresh", "guide landing page"],
  },
  {
    number: 98,
    label: "E:RLN on mainnet",
    milestone: null,
    state: "open",
    tasks: { research: 2 },
    closedShare: 0,
    subjects: ["mainnet RLN contract"],
  },
  {
    number: 15,
    label: "E:Static sharding",
    milestone: null,
    state: "closed",
    tasks: { nwaku: 4 },
    closedShare: 1,
    subjects: ["static shard config", "shard ENR encoding"],
  },
  {
    number: 20,
    label: "E:Opt-in message signing",
    milestone: null,
    state: "closed",
    tasks: { "js-waku": 2 },
    closedShare: 1,
    subjects: ["message signing"],
  },
  {
    number: 97,
    label: "E:Targeted Status Communities dogfooding",
    milestone: null,
    state: "open",
    tasks: { "go-waku": 3 },
    closedShare: 0.3,
    subjects: ["Status community shard", "status-go integration"],
  },
];

/** The epic that (realistically, by mistake) carries a second epic label. */
export const DEMO_DOUBLE_LABELLED_EPIC = 86;
const DOUBLE_LABEL_OF_EPIC = "E:End-to-end testing";

/** The Gen 0 epic with more than 100 tasks in one repository (so its tasks need pagination). */
export const DEMO_BIG_EPIC = { number: 49, repo: "nwaku" } as const;

/** Drift in individual repositories, so a dry-run sync has something to show. */
export const DEMO_DRIFT = {
  /** nwaku still has the old name of `E:PostgreSQL` (and its tasks carry it). */
  oldName: { repo: "nwaku", from: "E:Postgres", to: "E:PostgreSQL" },
  /** js-waku has `Bug` where the config says `bug`. */
  caseOnly: { repo: "js-waku", from: "Bug", to: "bug" },
  /** go-waku's `critical` was recoloured by hand. */
  colour: { repo: "go-waku", label: "critical", color: "ff0000" },
  /** waku-ui never got the track labels. */
  missing: { repo: "waku-ui", prefix: "track:" },
  /** go-noise stores every colour in lower case: the same colours, so not drift. */
  lowercase: { repo: "go-noise" },
} as const;

/** Where each team member mostly works (assignment of tasks favours these repositories). */
const HOME_REPOS: Record<string, readonly string[]> = {
  "mira-lead": ["pm", "research"],
  "kaiyo-nim": ["nwaku"],
  "jonas-rln": ["js-rln", "go-zerokit-rln", "waku-rust-bindings", "research"],
  "sofia-js": ["js-waku", "js-waku-examples", "js.waku.guide", "waku-ui"],
  "theo-go": ["go-waku", "go-noise"],
  "nadia-qa": ["nwaku", "js-waku", "go-waku"],
  "ravi-infra": ["nwaku", "metrics.waku.org", "docs.waku.org", "waku.org"],
  "lena-research": ["research", "nwaku"],
};

const REPO_FIRST_NUMBER: Record<string, number> = {
  nwaku: 1900,
  "js-waku": 1400,
  "go-waku": 700,
  research: 20,
  "docs.waku.org": 90,
  "js-rln": 60,
  "go-zerokit-rln": 12,
  "waku-rust-bindings": 40,
  "waku-ui": 5,
  "metrics.waku.org": 8,
  "js-waku-examples": 230,
  "waku.org": 60,
  "js.waku.guide": 120,
  pm: 101,
};

const DAY = 86_400_000;

/** mulberry32: tiny, fast and good enough for shaping demo data; the same seed gives the same org. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** GitHub prints timestamps to the second. */
export function toIso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * A draft's times and comments as GitHub shows them at `nowMs`: comments not posted yet are left
 * out, and `updated_at` is the latest of creation, closing and the last comment.
 */
export function stampDraft(
  draft: {
    createdMs: number;
    closedMs: number | null;
    comments: { user: string; body: string; ms: number }[];
  },
  nowMs: number,
  nextCommentId: () => number,
): Required<Pick<SeedIssue, "created_at" | "updated_at" | "closed_at" | "comments">> {
  const comments: SeedComment[] = draft.comments
    .filter((c) => c.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms)
    .map((c) => ({
      id: nextCommentId(),
      user: c.user,
      body: c.body,
      created_at: toIso(c.ms),
      updated_at: toIso(c.ms),
    }));
  const lastComment = draft.comments.reduce((max, c) => Math.max(max, c.ms), 0);
  const updatedMs = Math.min(nowMs, Math.max(draft.createdMs, draft.closedMs ?? 0, lastComment));
  return {
    created_at: toIso(draft.createdMs),
    updated_at: toIso(updatedMs),
    closed_at: draft.closedMs === null ? null : toIso(draft.closedMs),
    comments,
  };
}

/** The latest Friday 15:00 UTC before `nowMs`: when the team posts its weekly updates. */
export function lastFridayAfternoon(nowMs: number): number {
  const today = new Date(nowMs);
  const base = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 15);
  // getUTCDay counts from Sunday (0), so (day + 2) % 7 is the number of days since Friday.
  const friday = base - ((today.getUTCDay() + 2) % 7) * DAY;
  return friday >= nowMs ? friday - 7 * DAY : friday;
}

/** Whether `member` would post a weekly update on this draft at `at`: their issue (not a PR), open then or closed that week. */
export function isUpdateCandidate(
  draft: { issue: SeedIssue; createdMs: number; closedMs: number | null },
  member: string,
  at: number,
): boolean {
  return (
    !draft.issue.pull_request &&
    draft.issue.assignees?.includes(member) === true &&
    draft.createdMs < at &&
    (draft.closedMs === null || draft.closedMs > at - 7 * DAY)
  );
}

interface Draft {
  repo: string;
  issue: SeedIssue;
  createdMs: number;
  closedMs: number | null;
  comments: { user: string; body: string; ms: number }[];
  /** What the work is about, for the wording of weekly updates (defaults to the title). */
  subject?: string;
}

export interface DemoSeedOptions {
  /** The clock every timestamp is relative to (default: the current time). */
  now?: Date;
  /** Tokens the simulator accepts (default: DEMO_TOKEN). */
  tokens?: string[];
  /**
   * Adds a milestone tracked the 2025 way (`DEMO_DELIVERABLES`): Deliverables in pm whose tasks are
   * sub-issues across repositories. Off by default, so the 2023 organisation stays as it was.
   */
  deliverables?: boolean;
}

const TASK_PATTERNS: readonly { kind: "issue" | "pr"; text: string; extra?: string }[] = [
  { kind: "pr", text: "feat: {s}" },
  { kind: "issue", text: "bug: {s} drops messages under load", extra: "bug" },
  { kind: "pr", text: "test: cover {s}" },
  { kind: "pr", text: "chore: refactor {s}" },
  { kind: "issue", text: "feat: metrics for {s}", extra: "enhancement" },
  { kind: "pr", text: "fix: {s} fails when a peer disconnects" },
  { kind: "issue", text: "test: interop tests for {s}" },
  { kind: "pr", text: "docs: document {s}", extra: "documentation" },
  { kind: "issue", text: "chore: {s} on the test fleet" },
  { kind: "pr", text: "fix: {s} memory growth" },
  { kind: "issue", text: "feat: configurable {s}", extra: "enhancement" },
];

const ACHIEVED = [
  "merged the first PR for {s}",
  "finished the design of {s} and shared it for review",
  "fixed the flaky test around {s}",
  "ran {s} on the test fleet for 48 hours without message loss",
  "addressed review comments on {s}",
  "benchmarked {s}: latency within budget",
];
const NEXT = [
  "open the follow-up PR for {s}",
  "deploy {s} to the Gen 0 fleet",
  "write the docs for {s}",
  "pair with QA on {s}",
  "close remaining review threads on {s}",
];
const BLOCKERS = [
  "waiting for a review from the nwaku team",
  "the test fleet is down since Wednesday",
  "need a decision on the shard allocation",
];
const CHATTER = [
  "LGTM, thanks!",
  "Could you rebase on master?",
  "Is this still relevant after the latest release?",
  "I can take this one next week.",
  "Added a test case that reproduces it.",
  "See the discussion on Discord, we agreed to go with option B.",
];

/** The three heading variants the team really used; the report must accept them all. */
function writeWeeklyUpdate(variant: number, lines: string[]): string {
  const heading = ["**Weekly Update**\n", "weekly update:", "**Weekly update**:"][variant % 3];
  return `${heading}\n${lines.join("\n")}\n`;
}

/**
 * Builds the demo organisation. Deterministic: the same `now` gives the same seed, byte for byte.
 */
export function demoSeed(options: DemoSeedOptions = {}): Seed {
  return buildDemo(options).seed;
}

/**
 * The known facts of the demo's history (`DemoHistory`) at a clock, by default the demo's pinned
 * one: the same generation as `demoSeed`, so the facts and the seed cannot disagree.
 */
export function demoHistory(now: Date = new Date(DEMO_NOW)): DemoHistory {
  return buildDemo({ now }).history;
}

function buildDemo(options: DemoSeedOptions): { seed: Seed; history: DemoHistory } {
  const nowMs = (options.now ?? new Date()).getTime();
  const random = createRandom(0x3a4b_2023);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (from: number, to: number): number => from + Math.floor(random() * Math.max(0, to - from));
  const team = [...DEMO_TEAM];
  const lead = team[0] as string;

  const drafts: Draft[] = [];
  const fixed: Draft[] = [];

  const membersFor = (repo: string): string[] => {
    const home = team.filter((login) => HOME_REPOS[login]?.includes(repo));
    return home.length > 0 ? home : team;
  };

  // pm: milestone tracking issues and epics keep their real numbers.
  for (const milestone of DEMO_MILESTONES) {
    const createdMs = nowMs - (260 - milestone.trackingIssue) * DAY;
    fixed.push({
      repo: "pm",
      createdMs,
      closedMs: null,
      comments: [],
      issue: {
        number: milestone.trackingIssue,
        title: `[Milestone] ${milestone.title}`,
        body: `Tracks the milestone "${milestone.title}". Epics are listed in the GitHub milestone.`,
        state: "open",
        labels: ["milestone"],
        assignees: [lead],
        user: lead,
        milestone: milestone.number,
      },
    });
  }
  for (const epic of EPICS) {
    const createdMs = nowMs - (260 - epic.number) * DAY;
    const labels = ["epic", epic.label];
    if (epic.number === DEMO_DOUBLE_LABELLED_EPIC) labels.push(DOUBLE_LABEL_OF_EPIC);
    const closedMs = epic.state === "closed" ? between(createdMs + 30 * DAY, nowMs - 20 * DAY) : null;
    fixed.push({
      repo: "pm",
      createdMs,
      closedMs,
      comments: [],
      issue: {
        number: epic.number,
        title: `[Epic] ${epic.label.slice("E:".length)}`,
        body: `Epic label: \`${epic.label}\`\n\nTasks are the issues and pull requests carrying this label.`,
        state: epic.state,
        labels,
        assignees: [lead],
        user: lead,
        milestone: epic.milestone,
      },
    });
  }

  // Tasks of every epic.
  for (const epic of EPICS) {
    const siblings = EPICS.filter(
      (e) => e.milestone === epic.milestone && e !== epic && e.milestone !== null,
    );
    for (const [repo, count] of Object.entries(epic.tasks)) {
      const combos: string[] = [];
      for (const pattern of TASK_PATTERNS.keys())
        for (const s of epic.subjects) combos.push(`${pattern}|${s}`);
      for (let i = combos.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [combos[i], combos[j]] = [combos[j] as string, combos[i] as string];
      }
      const closedCount = Math.round(count * epic.closedShare);
      for (let i = 0; i < count; i++) {
        const [patternIndex, subject] = (combos[i % combos.length] as string).split("|") as [string, string];
        const pattern = TASK_PATTERNS[Number(patternIndex)] ?? TASK_PATTERNS[0]!;
        const round = Math.floor(i / combos.length);
        const kind =
          epic.issueShare === undefined ? pattern.kind : random() < epic.issueShare ? "issue" : "pr";
        const title = pattern.text.replace("{s}", subject) + (round > 0 ? ` (round ${round + 1})` : "");
        const labels = [epic.label];
        if (pattern.extra && random() < 0.5) labels.push(pattern.extra);
        if (siblings.length > 0 && random() < 0.04) labels.push(pick(siblings).label);
        const members = membersFor(repo);
        const author = pick(members);
        const assignees = random() < 0.1 ? [] : random() < 0.15 ? [author, pick(team)] : [author];
        const createdMs = between(nowMs - 200 * DAY, nowMs - 10 * DAY);
        const closed = i < closedCount;
        const closedMs = closed ? between(createdMs + DAY, nowMs - DAY) : null;
        drafts.push({
          repo,
          createdMs,
          closedMs,
          comments: [],
          subject,
          issue: {
            number: 0,
            title,
            body: `Part of waku-org/pm#${epic.number}.`,
            state: closed ? "closed" : "open",
            ...(kind === "pr" ? { pull_request: true } : {}),
            labels: [...new Set(labels)],
            assignees: [...new Set(assignees)],
            user: author,
          },
        });
      }
    }
  }

  // Other work: no epic label, grouped by enhancement/bug/documentation/dependencies.
  const otherRepos = [
    "nwaku",
    "js-waku",
    "go-waku",
    "docs.waku.org",
    "js-rln",
    "waku-rust-bindings",
    "waku.org",
  ];
  const otherKinds = [
    { label: "enhancement", title: "feat: {r} CLI flag for log format", pr: false },
    { label: "bug", title: "bug: {r} crashes on malformed config", pr: false },
    { label: "documentation", title: "docs: update {r} README", pr: true },
    { label: "dependencies", title: "chore(deps): bump {r} dependencies", pr: true },
  ];
  for (let i = 0; i < 48; i++) {
    const repo = otherRepos[i % otherRepos.length] as string;
    const kind = otherKinds[Math.floor(i / otherRepos.length) % otherKinds.length]!;
    const bot = kind.label === "dependencies";
    const author = bot ? "dependabot[bot]" : pick(membersFor(repo));
    const createdMs = between(nowMs - 120 * DAY, nowMs - 2 * DAY);
    const closed = random() < 0.5;
    const labels = [kind.label];
    if (random() < 0.15) labels.push("question");
    drafts.push({
      repo,
      createdMs,
      closedMs: closed ? between(createdMs + DAY, nowMs) : null,
      comments: [],
      subject: kind.title.replace("{r}", repo).replace(/^\w+(\([^)]*\))?: /, ""),
      issue: {
        number: 0,
        title: `${kind.title.replace("{r}", repo)}${i >= 28 ? " (again)" : ""}`,
        state: closed ? "closed" : "open",
        ...(kind.pr ? { pull_request: true } : {}),
        labels,
        assignees: bot ? [] : [author],
        user: author,
      },
    });
  }
  // The outreach repository was never synced: its issues use GitHub's default labels.
  for (const [i, title] of [
    "Operator onboarding call notes",
    "Workshop at EthCC",
    "Blog post ideas",
  ].entries()) {
    const createdMs = between(nowMs - 90 * DAY, nowMs - 5 * DAY);
    drafts.push({
      repo: DEMO_DEFAULT_LABELS_REPO,
      createdMs,
      closedMs: null,
      comments: [],
      issue: {
        number: 0,
        title,
        state: "open",
        labels: [i === 0 ? "question" : "enhancement"],
        assignees: [lead],
        user: lead,
      },
    });
  }

  // Weekly updates: the three Fridays before `now` (15:00 UTC), plus one round five weeks back
  // that a default report window must leave out.
  const fridays: number[] = [];
  const friday = lastFridayAfternoon(nowMs);
  for (let w = 0; w < 3; w++) fridays.push(friday - w * 7 * DAY);
  const oldRound = friday - 5 * 7 * DAY;

  const allDrafts = [...fixed, ...drafts];
  const subjectOf = (d: Draft): string => d.subject ?? d.issue.title;
  const postRound = (at: number, skip: string | null): void => {
    for (const member of team) {
      if (member === skip) continue;
      const candidates = drafts.filter((d) => isUpdateCandidate(d, member, at));
      const count = Math.min(candidates.length, 1 + Math.floor(random() * 3));
      for (let k = 0; k < count; k++) {
        const target = candidates.splice(Math.floor(random() * candidates.length), 1)[0]!;
        const s = subjectOf(target);
        const lines = [
          `- _achieved_: ${pick(ACHIEVED).replace("{s}", s)}`,
          `- _next_: ${pick(NEXT).replace("{s}", s)}`,
        ];
        if (random() < 0.15) lines.push(`- _blocker_: ${pick(BLOCKERS)}`);
        target.comments.push({
          user: member,
          body: writeWeeklyUpdate(Math.floor(random() * 3), lines),
          ms: at + between(0, 3 * 3_600_000),
        });
      }
    }
    // The lead updates the open milestones' tracking issues, with risks.
    for (const tracking of fixed.filter((d) => d.issue.labels.includes("milestone")).slice(0, 2)) {
      tracking.comments.push({
        user: lead,
        body: writeWeeklyUpdate(0, [
          `- _achieved_: ${pick(["two epics moved to review", "fleet upgraded to the release candidate", "task breakdown agreed"])}`,
          `- _next_: ${pick(["close the remaining Gen 0 epics", "dogfood with the Status team", "plan the next milestone"])}`,
          `- _risks_: ${pick(["RLN contract audit may slip", "store load tests still failing", "one engineer on leave"])}`,
        ]),
        ms: at + 4 * 3_600_000,
      });
    }
    // Updates on pull requests: posted in the wild, and ignored by the report.
    const prs = drafts.filter((d) => d.issue.pull_request && d.createdMs < at && d.issue.assignees?.length);
    for (let k = 0; k < 2 && prs.length > 0; k++) {
      const target = prs.splice(Math.floor(random() * prs.length), 1)[0]!;
      target.comments.push({
        user: target.issue.assignees?.[0] ?? lead,
        body: writeWeeklyUpdate(k, [`- _achieved_: opened this PR`, `- _next_: get it merged`]),
        ms: at + between(0, 3_600_000),
      });
    }
  };
  postRound(oldRound, null);
  // The member who misses the latest week shows up without a tick in the report.
  for (const [w, at] of fridays.entries()) postRound(at, w === 0 ? (team[team.length - 1] as string) : null);

  // Ordinary discussion.
  for (let i = 0; i < 60; i++) {
    const target = pick(drafts);
    const end = target.closedMs ?? nowMs;
    target.comments.push({ user: pick(team), body: pick(CHATTER), ms: between(target.createdMs, end) });
  }

  const repos = buildRepos(allDrafts, nowMs);
  const history = writeHistory(repos, nowMs);
  if (options.deliverables) addDeliverables(repos, nowMs);
  return { seed: { org: DEMO_ORG, tokens: options.tokens ?? [DEMO_TOKEN], repos }, history };
}

/** Share of the demo's closed pull requests that were merged (the rest were closed unmerged). */
export const DEMO_MERGED_SHARE = 0.85;

function buildRepos(allDrafts: Draft[], nowMs: number): SeedRepo[] {
  let commentId = 1_700_000_000;
  // A stream of its own, so deciding which pull requests were merged leaves every other draw (and
  // so the rest of the organisation) exactly as it was before merges were modelled.
  const mergeRandom = createRandom(0x6d65_7267);
  const repoNames = [...DEMO_REPOS, DEMO_ARCHIVED_REPO, DEMO_FORK_REPO];
  return repoNames.map((name) => {
    const drafts = allDrafts.filter((d) => d.repo === name);
    const fixedNumbers = new Set(drafts.filter((d) => d.issue.number > 0).map((d) => d.issue.number));
    let next = REPO_FIRST_NUMBER[name] ?? 1;
    // GitHub numbers issues and pull requests in creation order, in one sequence per repository.
    const issues = drafts
      .sort((a, b) => a.createdMs - b.createdMs)
      .map((d) => {
        let number = d.issue.number;
        if (number === 0) {
          while (fixedNumbers.has(next)) next++;
          number = next++;
        }
        const merged =
          d.issue.pull_request === true && d.issue.state === "closed" && mergeRandom() < DEMO_MERGED_SHARE;
        const issue: SeedIssue = {
          ...d.issue,
          ...(merged ? { merged: true } : {}),
          number,
          labels: d.issue.labels.map((label) => renameForDrift(name, label)),
          ...stampDraft(d, nowMs, () => commentId++),
        };
        return issue;
      })
      .sort((a, b) => a.number - b.number);
    return {
      name,
      ...(name === DEMO_ARCHIVED_REPO ? { archived: true } : {}),
      ...(name === DEMO_FORK_REPO ? { fork: true } : {}),
      ...(name === "internal-waku-outreach" ? { private: true } : {}),
      labels: labelsFor(name),
      ...(name === "pm" ? { milestones: buildMilestones(nowMs) } : {}),
      issues,
    };
  });
}

function buildMilestones(nowMs: number): SeedMilestone[] {
  return DEMO_MILESTONES.map((m) => ({
    number: m.number,
    title: m.title,
    description: `Tracking issue: https://github.com/${DEMO_ORG}/pm/issues/${m.trackingIssue}`,
    state: "open",
    due_on: m.dueOn,
    created_at: toIso(milestoneCreatedMs(nowMs, m.number)),
    ...(m.number === RENAMED_MILESTONE.number ? { former_titles: [RENAMED_MILESTONE.from] } : {}),
  }));
}

/** Issues in a drifted repository carry the label under the name that repository has. */
function renameForDrift(repo: string, label: string): string {
  for (const drift of [DEMO_DRIFT.oldName, DEMO_DRIFT.caseOnly]) {
    if (repo === drift.repo && label === drift.to) return drift.from;
  }
  return label;
}

function labelsFor(repo: string): SeedLabel[] {
  if (repo === DEMO_DEFAULT_LABELS_REPO || repo === DEMO_FORK_REPO)
    return GITHUB_DEFAULT_LABELS.map((l) => ({ ...l }));
  let labels = PM_LABELS.map((l) => ({ ...l }));
  if (repo === DEMO_ARCHIVED_REPO) {
    // Archived before the epics existed: only the generic labels, in their old colours.
    return labels.slice(0, 8).map((l) => ({ ...l, color: l.color.toUpperCase() }));
  }
  const rename = (from: string, to: string): void => {
    labels = labels.map((l) => (l.name === from ? { ...l, name: to } : l));
  };
  if (repo === DEMO_DRIFT.oldName.repo) rename(DEMO_DRIFT.oldName.to, DEMO_DRIFT.oldName.from);
  if (repo === DEMO_DRIFT.caseOnly.repo) rename(DEMO_DRIFT.caseOnly.to, DEMO_DRIFT.caseOnly.from);
  if (repo === DEMO_DRIFT.colour.repo) {
    labels = labels.map((l) =>
      l.name === DEMO_DRIFT.colour.label ? { ...l, color: DEMO_DRIFT.colour.color } : l,
    );
  }
  if (repo === DEMO_DRIFT.missing.repo)
    labels = labels.filter((l) => !l.name.startsWith(DEMO_DRIFT.missing.prefix));
  if (repo === DEMO_DRIFT.lowercase.repo)
    labels = labels.map((l) => ({ ...l, color: l.color.toLowerCase() }));
  // Not in the config: GitHub's `question`, which `--prune` has to keep while issues carry it.
  labels.push({ name: "question", color: "d876e3", description: "Further information is requested" });
  return labels;
}

// ---- the history: September to November 2023 -----------------------------------------------------

/**
 * The demo's pinned clock: Monday 2023-11-27, 09:00 UTC, the morning the lead wrote the weekly
 * report, four days before Gen 0 was due. `demoHistory()` gives its facts at this clock.
 */
export const DEMO_NOW = "2023-11-27T09:00:00Z";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Days before `now` of the history's dated facts (the dates at the pinned clock). */
const HISTORY_DAYS = {
  /** Monday 2023-08-28: the lead creates the GitHub milestones and files the epics into them. */
  milestonesCreated: 91,
  /** Monday 2023-09-04: milestone 1 gets its full title. */
  milestoneRenamed: 84,
  /** Monday 2023-09-04 too: the earliest the task removed in October is labelled. */
  removedTaskLabelled: 84,
  /** Monday 2023-10-16: an epic leaves Gen 0 for a later milestone. */
  epicMoved: 42,
  /** Wednesday 2023-10-18: a task that was never part of its epic loses the label. */
  taskUnlabelled: 40,
  /** Monday 2023-10-23: someone syncs go-waku's labels, renaming `E:Postgres` there. */
  labelRenamed: 35,
} as const;

/** Gen 0's GitHub milestone was created under a shorter title and renamed a week later. */
const RENAMED_MILESTONE = { number: 1, from: "Gen 0" } as const;

/** The epic moved out of Gen 0: operators' work went to the 1-million-users milestone. */
const MOVED_EPIC = { number: 92, from: 1, to: 4 } as const;

/** The repository where the old name of `E:PostgreSQL` was renamed (nwaku still has it: DEMO_DRIFT). */
const RENAMED_LABEL_REPO = "go-waku";

/** Who reopened the reopened task: QA found it still failing on the fleet. */
const REOPENED_BY = "nadia-qa";

/** Share of the Gen 0 tasks opened after the milestones existed that were labelled days later. */
const LATE_LABEL_SHARE = 0.3;

function milestoneCreatedMs(nowMs: number, number: number): number {
  return nowMs - HISTORY_DAYS.milestonesCreated * DAY + (number - 1) * 5 * MINUTE;
}

/** A task of the history, by repository (short name) and number, with the epic label concerned. */
export interface DemoHistoryTask {
  repo: string;
  number: number;
  title: string;
  /** The epic label the fact is about. */
  label: string;
  /** The epic that label belongs to. */
  epic: number;
}

/**
 * What the demo's history is known to contain, for tests of `history` and `status --as-of`. Times
 * are ISO 8601 UTC, to the second, as the events carry them.
 */
export interface DemoHistory {
  /**
   * When the lead created the 2023 milestones (`created_at` of milestone 1; 2-4 follow five minutes
   * apart) and, within the hour, filed every epic and tracking issue into its milestone: where
   * `history` starts by default. Tasks closed before it are already done at the first point.
   */
  milestonesCreated: string;
  /** A milestone renamed after its epics were filed: their `milestoned` events carry the old title. */
  renamedMilestone: { number: number; from: string; to: string; at: string };
  /**
   * An epic moved out of Gen 0 (a `demilestoned` and a `milestoned`, both at `at`), taking its
   * tasks (`tasks`: how many carry its label) out of Gen 0's scope from that moment.
   */
  movedEpic: { number: number; label: string; from: number; to: number; at: string; tasks: number };
  /** A Gen 0 task closed, reopened and closed again; its `closed_at` is the second close. */
  reopened: DemoHistoryTask & { closed: string; reopened: string; closedAgain: string };
  /**
   * Work labelled into a Gen 0 epic and then closed as not planned: out of the scope from `closed`,
   * and counted as not planned by `status` today (the only such task of the demo).
   */
  notPlanned: DemoHistoryTask & { labelled: string; closed: string };
  /** An issue labelled into a Gen 0 epic in September and unlabelled in October: scope removed. */
  removed: DemoHistoryTask & { labelled: string; unlabelled: string };
  /**
   * An epic label renamed in one repository: its tasks labelled before `at` show the old name on
   * their `labeled` events (labels.yaml has it as an alias, so the tool stitches them).
   */
  renamedLabel: { repo: string; from: string; to: string; epic: number; at: string; tasks: number[] };
  /** Gen 0 tasks labelled days after they were opened: they join the scope when labelled. */
  lateLabelled: (DemoHistoryTask & { created: string; labelled: string })[];
}

interface Located {
  repo: SeedRepo;
  issue: SeedIssue;
}

const isEpicLabelName = (label: string): boolean => /^e:/i.test(label);
const msOf = (iso: string | null | undefined): number => Date.parse(iso ?? "");

/** The history the simulator would write by itself: labels at creation, merge and close at `closed_at`. */
function plainEvents(issue: SeedIssue): SeedEvent[] {
  const created = issue.created_at as string;
  const events: SeedEvent[] = issue.labels.map((label) => ({ event: "labeled", created_at: created, label }));
  if (issue.state === "closed" && issue.closed_at) {
    if (issue.merged) events.push({ event: "merged", created_at: issue.closed_at });
    events.push({
      event: "closed",
      created_at: issue.closed_at,
      ...(issue.pull_request ? {} : { state_reason: issue.state_reason ?? "completed" }),
    });
  }
  return events;
}

/**
 * Gives the demo a history from late August to late November 2023, drawn on a PRNG stream of its
 * own so that every other draw, and so today's organisation, stays as it was. Only what history
 * needs changes today: the milestones' creation dates, the not-planned task (its epic label and
 * reason), and `updated_at` of the pm issues filed into milestones (GitHub bumps it on a change).
 * Every other issue keeps the simulator's plain history (labels at creation, close at closed_at).
 */
function writeHistory(repos: SeedRepo[], nowMs: number): DemoHistory {
  const random = createRandom(0x6869_7374);
  const lead = DEMO_TEAM[0];
  const repoNamed = (name: string): SeedRepo => repos.find((r) => r.name === name) as SeedRepo;
  const pm = repoNamed("pm");
  const pmIssues = pm.issues ?? [];
  const histories = new Map<SeedIssue, SeedEvent[]>();
  const historyOf = (issue: SeedIssue): SeedEvent[] => {
    let events = histories.get(issue);
    if (!events) {
      events = plainEvents(issue);
      histories.set(issue, events);
    }
    return events;
  };
  /** Moves the `labeled` event of a label the issue got at creation to a later moment. */
  const labelLater = (issue: SeedIssue, label: string, atMs: number, actor: string): void => {
    const event = historyOf(issue).find((e) => e.event === "labeled" && e.label === label);
    if (!event) throw new Error(`demo history: ${issue.title} has no label ${label} to label later`);
    event.created_at = toIso(atMs);
    event.actor = actor;
  };
  const task = ({ repo, issue }: Located, label: string, epic: number): DemoHistoryTask => ({
    repo: repo.name,
    number: issue.number,
    title: issue.title,
    label,
    epic,
  });
  const pickOne = <T>(what: string, candidates: T[]): T => {
    if (candidates.length === 0) throw new Error(`demo history: no candidate for ${what}`);
    return candidates[Math.floor(random() * candidates.length)] as T;
  };

  // The milestones, and every epic and tracking issue filed into one by the lead.
  const createdMs = milestoneCreatedMs(nowMs, 1);
  const renamedMs = nowMs - HISTORY_DAYS.milestoneRenamed * DAY + HOUR;
  const movedMs = nowMs - HISTORY_DAYS.epicMoved * DAY + 90 * MINUTE;
  const titleAt = (number: number, atMs: number): string => {
    if (number === RENAMED_MILESTONE.number && atMs < renamedMs) return RENAMED_MILESTONE.from;
    const milestone = DEMO_MILESTONES.find((m) => m.number === number);
    if (!milestone) throw new Error(`demo history: no milestone ${number}`);
    return milestone.title;
  };
  const filed = pmIssues.filter((i) => i.milestone != null);
  for (const [k, issue] of filed.entries()) {
    const moved = issue.number === MOVED_EPIC.number;
    if (moved && issue.milestone !== MOVED_EPIC.to)
      throw new Error(`demo history: epic ${issue.number} is not in milestone ${MOVED_EPIC.to} today`);
    const first = moved ? MOVED_EPIC.from : (issue.milestone as number);
    const filedMs = milestoneCreatedMs(nowMs, DEMO_MILESTONES.length) + (20 + k) * MINUTE;
    const events = historyOf(issue);
    events.push({
      event: "milestoned",
      created_at: toIso(filedMs),
      milestone: titleAt(first, filedMs),
      actor: lead,
    });
    if (moved) {
      const at = toIso(movedMs);
      events.push(
        { event: "demilestoned", created_at: at, milestone: titleAt(MOVED_EPIC.from, movedMs), actor: lead },
        { event: "milestoned", created_at: at, milestone: titleAt(MOVED_EPIC.to, movedMs), actor: lead },
      );
    }
  }

  // Gen 0's tasks: what carries the label of an epic in milestone 1 today.
  const gen0 = new Map<string, number>();
  for (const epic of pmIssues.filter((i) => i.labels.includes("epic") && i.milestone === 1)) {
    for (const label of epic.labels.filter(isEpicLabelName)) gen0.set(label, epic.number);
  }
  const located: Located[] = repos.flatMap((repo) => (repo.issues ?? []).map((issue) => ({ repo, issue })));
  const gen0Tasks = located.filter(
    ({ repo, issue }) =>
      !(repo.name === "pm" && issue.labels.includes("epic")) && issue.labels.some((l) => gen0.has(l)),
  );
  /** A repository's Gen 0 epic labels, the one with most tasks there first. */
  const gen0LabelsBySize = (repo: string): string[] => {
    const counts = new Map<string, number>();
    for (const t of gen0Tasks.filter((t) => t.repo.name === repo))
      for (const l of t.issue.labels.filter((x) => gen0.has(x))) counts.set(l, (counts.get(l) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([label]) => label);
  };
  const special = new Set<SeedIssue>();

  // A task closed, reopened by QA and closed again.
  const reopenedTask = pickOne(
    "the reopened task",
    gen0Tasks.filter(
      ({ issue }) =>
        !issue.pull_request &&
        issue.state === "closed" &&
        msOf(issue.created_at) <= nowMs - 70 * DAY &&
        msOf(issue.closed_at) >= nowMs - 20 * DAY &&
        msOf(issue.closed_at) <= nowMs - 3 * DAY,
    ),
  );
  special.add(reopenedTask.issue);
  const closedAgainMs = msOf(reopenedTask.issue.closed_at);
  const firstCloseMs = closedAgainMs - 16 * DAY;
  const reopenMs = firstCloseMs + 4 * DAY + 3 * HOUR;
  historyOf(reopenedTask.issue).push(
    { event: "closed", created_at: toIso(firstCloseMs), state_reason: "completed" },
    { event: "reopened", created_at: toIso(reopenMs), actor: REOPENED_BY },
  );
  const reopenedLabel = reopenedTask.issue.labels.find((l) => gen0.has(l)) as string;

  // Other work (no epic label) that history reaches into.
  const otherWork = located.filter(
    ({ repo, issue }) =>
      repo.name !== "pm" &&
      !repo.archived &&
      !repo.fork &&
      repo.name !== DEMO_DEFAULT_LABELS_REPO &&
      !issue.pull_request &&
      issue.user !== "dependabot[bot]" &&
      !issue.labels.some(isEpicLabelName),
  );
  const afterFilingMs = createdMs + 2 * DAY;

  // Labelled into a Gen 0 epic, then closed as not planned (a bug QA could not reproduce).
  const notPlannedCandidates = otherWork.filter(
    ({ issue }) =>
      issue.state === "closed" &&
      msOf(issue.closed_at) >= nowMs - 60 * DAY &&
      msOf(issue.closed_at) <= nowMs - 14 * DAY &&
      Math.max(msOf(issue.created_at) + DAY, afterFilingMs) <= msOf(issue.closed_at) - DAY,
  );
  const bugs = notPlannedCandidates.filter(({ issue }) =>
    issue.labels.some((l) => l.toLowerCase() === "bug"),
  );
  const notPlannedTask = pickOne("the not-planned task", bugs.length > 0 ? bugs : notPlannedCandidates);
  special.add(notPlannedTask.issue);
  const notPlannedLabel = gen0LabelsBySize(notPlannedTask.repo.name)[0] as string;
  const notPlannedLabelledMs = Math.max(msOf(notPlannedTask.issue.created_at) + DAY, afterFilingMs);
  notPlannedTask.issue.labels = [notPlannedLabel, ...notPlannedTask.issue.labels];
  notPlannedTask.issue.state_reason = "not_planned";
  labelLater(notPlannedTask.issue, notPlannedLabel, notPlannedLabelledMs, lead);

  // Labelled in September, unlabelled in October: it never belonged to the epic.
  const unlabelMs = nowMs - HISTORY_DAYS.taskUnlabelled * DAY + 5 * HOUR;
  const removedLabelledFloor = nowMs - HISTORY_DAYS.removedTaskLabelled * DAY + 3 * HOUR;
  const removedTask = pickOne(
    "the removed task",
    otherWork.filter(
      ({ issue }) =>
        !special.has(issue) &&
        Math.max(msOf(issue.created_at) + DAY, removedLabelledFloor) < unlabelMs - DAY &&
        (issue.state === "open"
          ? msOf(issue.updated_at) >= unlabelMs + HOUR
          : msOf(issue.closed_at) >= unlabelMs + DAY),
    ),
  );
  special.add(removedTask.issue);
  const removedLabels = gen0LabelsBySize(removedTask.repo.name).filter((l) => l !== notPlannedLabel);
  const removedLabel = (removedLabels[0] ?? gen0LabelsBySize(removedTask.repo.name)[0]) as string;
  const removedLabelledMs = Math.max(msOf(removedTask.issue.created_at) + DAY, removedLabelledFloor);
  historyOf(removedTask.issue).push(
    { event: "labeled", created_at: toIso(removedLabelledMs), label: removedLabel, actor: lead },
    { event: "unlabeled", created_at: toIso(unlabelMs), label: removedLabel, actor: lead },
  );

  // Gen 0 work opened after the milestones existed, some of it labelled when the lead triaged it.
  const lateLabelled: DemoHistory["lateLabelled"] = [];
  for (const t of gen0Tasks) {
    if (special.has(t.issue) || msOf(t.issue.created_at) < createdMs) continue;
    const late = random() < LATE_LABEL_SHARE;
    const lagMs = DAY + Math.floor(random() * 9 * DAY);
    if (!late) continue;
    const created = msOf(t.issue.created_at);
    // Before it closed, and no later than GitHub's updated_at says anything happened.
    const bound = t.issue.state === "closed" ? msOf(t.issue.closed_at) : msOf(t.issue.updated_at);
    if (created + lagMs > bound - HOUR) continue;
    const labels = t.issue.labels.filter((l) => gen0.has(l));
    for (const label of labels) labelLater(t.issue, label, created + lagMs, lead);
    lateLabelled.push({
      ...task(t, labels[0] as string, gen0.get(labels[0] as string) as number),
      created: t.issue.created_at as string,
      labelled: toIso(created + lagMs),
    });
  }

  // go-waku's labels were synced on a Monday: its `E:Postgres` became `E:PostgreSQL` in place.
  const renameMs = nowMs - HISTORY_DAYS.labelRenamed * DAY + 2 * HOUR;
  const { from: oldName, to: newName } = DEMO_DRIFT.oldName;
  const renamedRepo = repoNamed(RENAMED_LABEL_REPO);
  const renamed = renamedRepo.labels.find((l) => l.name === newName);
  if (!renamed) throw new Error(`demo history: ${RENAMED_LABEL_REPO} has no label ${newName}`);
  renamed.former_names = [oldName];
  const renamedTasks: number[] = [];
  for (const issue of renamedRepo.issues ?? []) {
    if (!issue.labels.includes(newName) || msOf(issue.created_at) >= renameMs) continue;
    const event = historyOf(issue).find((e) => e.event === "labeled" && e.label === newName);
    if (event) event.label = oldName;
    renamedTasks.push(issue.number);
  }
  const postgresEpic = pmIssues.find((i) => i.labels.includes(newName));

  // Oldest first (a stable sort keeps a demilestoned before its milestoned), and `updated_at` no
  // earlier than the last change, as GitHub keeps it.
  for (const [issue, events] of histories) {
    events.sort((a, b) => msOf(a.created_at) - msOf(b.created_at));
    issue.events = events;
    const last = events.reduce((max, e) => Math.max(max, msOf(e.created_at)), 0);
    if (last > msOf(issue.updated_at)) issue.updated_at = toIso(last);
  }

  const movedEpic = pmIssues.find((i) => i.number === MOVED_EPIC.number) as SeedIssue;
  const movedLabel = movedEpic.labels.find(isEpicLabelName) as string;
  return {
    milestonesCreated: toIso(createdMs),
    renamedMilestone: {
      number: RENAMED_MILESTONE.number,
      from: RENAMED_MILESTONE.from,
      to: titleAt(RENAMED_MILESTONE.number, renamedMs),
      at: toIso(renamedMs),
    },
    movedEpic: {
      number: MOVED_EPIC.number,
      label: movedLabel,
      from: MOVED_EPIC.from,
      to: MOVED_EPIC.to,
      at: toIso(movedMs),
      tasks: located.filter(({ issue }) => issue !== movedEpic && issue.labels.includes(movedLabel)).length,
    },
    reopened: {
      ...task(reopenedTask, reopenedLabel, gen0.get(reopenedLabel) as number),
      closed: toIso(firstCloseMs),
      reopened: toIso(reopenMs),
      closedAgain: toIso(closedAgainMs),
    },
    notPlanned: {
      ...task(notPlannedTask, notPlannedLabel, gen0.get(notPlannedLabel) as number),
      labelled: toIso(notPlannedLabelledMs),
      closed: notPlannedTask.issue.closed_at as string,
    },
    removed: {
      ...task(removedTask, removedLabel, gen0.get(removedLabel) as number),
      labelled: toIso(removedLabelledMs),
      unlabelled: toIso(unlabelMs),
    },
    renamedLabel: {
      repo: RENAMED_LABEL_REPO,
      from: oldName,
      to: newName,
      epic: postgresEpic?.number ?? 0,
      at: toIso(renameMs),
      tasks: renamedTasks,
    },
    lateLabelled,
  };
}

// ---- the 2025 model: Deliverables with sub-issues -------------------------------------------------

/** The label that marks a Deliverable in pm (`epics.marker_label` in a 2025-style config). */
export const DELIVERABLE_LABEL = "Deliverable";

/** A task of a Deliverable, as `demoSeed({ deliverables: true })` creates it. */
export interface DemoDeliverableTask {
  repo: string;
  number: number;
  title: string;
  state: "open" | "closed";
  pull_request?: true;
  /** The epic labels it carries (for a `both` model: what the labels say). */
  labels: string[];
  /** Its own sub-issues (a group: shown, not counted as a task). */
  sub_issues?: DemoDeliverableTask[];
}

export interface DemoDeliverable {
  number: number;
  title: string;
  /** Its epic label, for the `labels` and `both` models. */
  label: string;
  state: "open" | "closed";
  /** What GitHub links as its sub-issues, in priority order. */
  sub_issues: DemoDeliverableTask[];
  /** Tasks that carry its label without being linked under it. */
  labelled_only: DemoDeliverableTask[];
}

/** The GitHub milestone the Deliverables are in. */
export const DEMO_DELIVERABLES_MILESTONE = {
  number: 5,
  title: "Reliable Messaging (Deliverables)",
  dueInDays: 125,
} as const;

const task = (
  repo: string,
  number: number,
  title: string,
  state: "open" | "closed",
  labels: string[],
  extra: Partial<DemoDeliverableTask> = {},
): DemoDeliverableTask => ({ repo, number, title, state, labels, ...extra });

const D_STORE = "E:D1: Store sync";
const D_LIGHT = "E:D2: Light client reliability";
const D_RLN = "E:D3: RLN membership migration";

/**
 * The Deliverables and their tasks. Deliberately imperfect, as a team half-way from labels to
 * sub-issues is, so that a `both` model has something to report and fix:
 * - tasks in nwaku, js-waku, go-waku and docs.waku.org, some closed;
 * - nwaku#2403 is a group: its own sub-issues (nwaku#2404, go-waku#903) are two levels below D1;
 * - js-waku#1705 is a pull request labelled for D1: GitHub cannot make it a sub-issue;
 * - js-waku#1704 is labelled for D2 but is already a sub-issue of D1 (one parent per issue);
 * - js-waku#1701, go-waku#901 and docs.waku.org#202 are linked but not labelled, docs.waku.org#201
 *   and js-waku#1706 labelled but not linked: disagreements a `link-tasks` run can fix;
 * - D3 is closed, with every task closed, labelled and linked (nothing to fix).
 */
export const DEMO_DELIVERABLES: readonly DemoDeliverable[] = [
  {
    number: 301,
    title: "[Deliverable] Store sync",
    label: D_STORE,
    state: "open",
    sub_issues: [
      task("nwaku", 2401, "feat: store sync protocol", "closed", [D_STORE]),
      task("nwaku", 2402, "feat: store sync over shards", "open", [D_STORE]),
      task("js-waku", 1701, "feat: query synced store nodes", "open", []),
      task("go-waku", 901, "feat: store sync client", "closed", []),
      task("nwaku", 2403, "chore: store sync rollout", "open", [D_STORE], {
        sub_issues: [
          task("nwaku", 2404, "chore: enable store sync on the fleet", "closed", [D_STORE]),
          task("go-waku", 903, "chore: enable store sync in status-go", "open", []),
        ],
      }),
      task("js-waku", 1704, "test: store sync interop", "open", [D_LIGHT]),
    ],
    labelled_only: [
      task("docs.waku.org", 201, "docs: store sync guide", "open", [D_STORE]),
      task("js-waku", 1705, "feat: store sync in the SDK", "closed", [D_STORE], { pull_request: true }),
    ],
  },
  {
    number: 302,
    title: "[Deliverable] Light client reliability",
    label: D_LIGHT,
    state: "open",
    sub_issues: [
      task("js-waku", 1702, "feat: peer renewal for filter", "closed", [D_LIGHT]),
      task("js-waku", 1703, "feat: lightpush retries", "open", [D_LIGHT]),
      task("go-waku", 902, "feat: filter ping loop", "open", [D_LIGHT]),
      task("docs.waku.org", 202, "docs: light client reliability", "closed", []),
    ],
    labelled_only: [task("js-waku", 1706, "bug: filter drops after reconnect", "open", [D_LIGHT])],
  },
  {
    number: 303,
    title: "[Deliverable] RLN membership migration",
    label: D_RLN,
    state: "closed",
    sub_issues: [
      task("nwaku", 2405, "feat: migrate RLN memberships", "closed", [D_RLN]),
      task("js-rln", 90, "feat: read migrated memberships", "closed", [D_RLN]),
    ],
    labelled_only: [],
  },
];

const DELIVERABLE_LABELS: readonly SeedLabel[] = [
  { name: DELIVERABLE_LABEL, color: "5319e7", description: "A deliverable: its tasks are sub-issues" },
  {
    name: D_STORE,
    color: "1d76db",
    description: "See https://github.com/waku-org/pm/issues/301 for details",
  },
  {
    name: D_LIGHT,
    color: "0e8a16",
    description: "See https://github.com/waku-org/pm/issues/302 for details",
  },
  { name: D_RLN, color: "fbca04", description: "See https://github.com/waku-org/pm/issues/303 for details" },
];

/** Adds the Deliverables milestone, its issues, their tasks and labels to the built repositories. */
function addDeliverables(repos: SeedRepo[], nowMs: number): void {
  const repoNamed = (name: string): SeedRepo => repos.find((r) => r.name === name) as SeedRepo;
  const pm = repoNamed("pm");
  const milestone = DEMO_DELIVERABLES_MILESTONE;
  pm.milestones = [
    ...(pm.milestones ?? []),
    {
      number: milestone.number,
      title: milestone.title,
      description: "Tracked the 2025 way: Deliverables in this milestone, their tasks as sub-issues.",
      state: "open",
      due_on: toIso(nowMs + milestone.dueInDays * DAY),
      created_at: toIso(nowMs - 40 * DAY),
    },
  ];
  for (const repo of repos) {
    if (repo.archived || repo.fork || repo.name === DEMO_DEFAULT_LABELS_REPO) continue;
    repo.labels = [...repo.labels, ...DELIVERABLE_LABELS.map((l) => ({ ...l }))];
  }
  let day = 0;
  const stamp = (state: "open" | "closed") => {
    day += 1;
    const created = nowMs - (38 - day) * DAY;
    return {
      created_at: toIso(created),
      updated_at: toIso(created + 2 * DAY),
      closed_at: state === "closed" ? toIso(created + 2 * DAY) : null,
    };
  };
  const addTask = (t: DemoDeliverableTask): string => {
    const children = (t.sub_issues ?? []).map(addTask);
    const repo = repoNamed(t.repo);
    repo.issues = [
      ...(repo.issues ?? []),
      {
        number: t.number,
        title: t.title,
        body: "A task of a Deliverable.",
        state: t.state,
        ...(t.pull_request ? { pull_request: true, ...(t.state === "closed" ? { merged: true } : {}) } : {}),
        labels: [...t.labels],
        assignees: [],
        user: "mira-lead",
        ...stamp(t.state),
        ...(children.length > 0 ? { sub_issues: children } : {}),
      },
    ];
    return `${t.repo}#${t.number}`;
  };
  for (const d of DEMO_DELIVERABLES) {
    const links = d.sub_issues.map(addTask);
    d.labelled_only.forEach(addTask);
    pm.issues = [
      ...(pm.issues ?? []),
      {
        number: d.number,
        title: d.title,
        body: `Deliverable label: \`${d.label}\`\n\nTasks are its sub-issues.`,
        state: d.state,
        labels: [DELIVERABLE_LABEL, d.label],
        assignees: ["mira-lead"],
        user: "mira-lead",
        milestone: milestone.number,
        ...stamp(d.state),
        sub_issues: links,
      },
    ];
  }
  for (const repo of repos) repo.issues?.sort((a, b) => a.number - b.number);
}

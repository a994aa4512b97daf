/**
 * The reading phase sync-labels and check share, so both plan from the same data: the
 * organisation's repositories and each one's labels.
 *
 * First choice: `listOrgReposWithLabels`, one GraphQL document per 100 repositories with their
 * labels (see repos.ts for why that beats the cached REST path). When GraphQL itself fails (a 5xx
 * after the client's retries, a GitHub Enterprise server whose GraphQL endpoint is misconfigured,
 * an error GitHub reports in the document), the REST path still works: the listing plus one label
 * listing per repository, each repository failing on its own. A rejected token or a spent rate
 * limit is not retried another way.
 */
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import { type Label, listLabels } from "../github/labels.js";
import { listOrgRepos, listOrgReposWithLabels, type OrgLabels, type Repo } from "../github/repos.js";

export interface OrgLabelReader {
  /** Every repository of the organisation, sorted by name. */
  repos: Repo[];
  /** One repository's labels: from the batched read when it has them, else one REST listing. */
  labelsOf(name: string): Promise<Label[]>;
  /** Why reading took the slower path, for the user (stderr, or check's warnings). */
  warnings: string[];
}

export async function readOrgLabels(
  client: GitHubClient,
  org: string,
  /** Labels already read (check reads them with the planning overview, in one document). */
  preread?: OrgLabels,
): Promise<OrgLabelReader> {
  try {
    const batch = preread ?? (await listOrgReposWithLabels(client, org));
    return {
      repos: batch.repos,
      labelsOf: async (name) => batch.labels.get(name.toLowerCase()) ?? listLabels(client, org, name),
      warnings: [],
    };
  } catch (error) {
    if (error instanceof FatalGitHubError) throw error;
    const repos = await listOrgRepos(client, org);
    const reason = error instanceof Error ? error.message : String(error);
    return {
      repos,
      labelsOf: (name) => listLabels(client, org, name),
      warnings: [
        `reading labels with GraphQL failed (${reason}); read them with one REST request per repository instead`,
      ],
    };
  }
}

export { createGitHubClient, currentRepo, currentPullRequest, isPermissionError, describeGitHubError } from './client';
export type { GitHubClient, RepoRef } from './client';
export { hiddenMarker, fitBody, stateComment, readState } from './body';
export { upsertPullRequestComment, type UpsertCommentOptions, type CommentOutcome } from './pr-comment';
export {
  upsertTrackingIssue,
  compactItems,
  type TrackingIssueOptions,
  type TrackedItem,
  type IssueOutcome,
} from './tracking-issue';

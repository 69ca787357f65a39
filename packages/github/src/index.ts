export { createGitHubClient, currentRepo, currentPullRequest, describeGitHubError } from './client';
export type { GitHubClient, RepoRef } from './client';
export { readState } from './body';
export { upsertPullRequestComment, type UpsertCommentOptions, type CommentOutcome } from './pr-comment';
export { upsertTrackingIssue, type TrackingIssueOptions, type TrackedItem, type IssueOutcome } from './tracking-issue';

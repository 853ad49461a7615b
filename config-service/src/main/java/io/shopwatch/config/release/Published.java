package io.shopwatch.config.release;

/**
 * A release just published, with what the candidate check said about it.
 *
 * @param dryRun the {@link CandidateCheck}'s report (which instances bound it), null when there is none
 */
public record Published(Release release, Object dryRun) {}

package io.shopwatch.common.state;

import java.util.List;

/**
 * What an import did (or, in a dry run, would do).
 *
 * @param dryRun nothing was written
 * @param policy the conflicts policy ({@code skip}, {@code overwrite}, {@code fail})
 * @param refused the policy was {@code fail} and there were conflicts: nothing was written
 * @param created items that did not exist
 * @param overwritten conflicting items replaced
 * @param skipped conflicting items left as they were
 * @param unchanged items that existed with the same content
 * @param conflicts every item whose id existed with other content
 */
public record StateImportResult(
        boolean dryRun,
        String policy,
        boolean refused,
        int created,
        int overwritten,
        int skipped,
        int unchanged,
        List<Conflict> conflicts) {

    public record Conflict(String section, String id) {}
}

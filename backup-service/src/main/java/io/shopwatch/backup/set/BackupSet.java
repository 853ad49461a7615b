package io.shopwatch.backup.set;

import java.time.Instant;
import java.util.List;

/**
 * A backup set in the catalog: its manifest was written and every file verified after the write.
 *
 * @param status {@code verified} (restorable) or {@code corrupt} (a later verify found a problem)
 * @param parent the set an incremental backup continues, or null
 */
public record BackupSet(
        String id,
        String org,
        String kind,
        String target,
        Long start,
        Long end,
        List<String> streams,
        int files,
        long records,
        long bytes,
        String manifestSha256,
        String status,
        Instant createdAt,
        Instant verifiedAt,
        String verifyDetail,
        String parent) {

    public static final String VERIFIED = "verified";
    public static final String CORRUPT = "corrupt";

    public boolean restorable() {
        return VERIFIED.equals(status);
    }
}

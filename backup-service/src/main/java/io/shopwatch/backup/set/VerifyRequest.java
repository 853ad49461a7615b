package io.shopwatch.backup.set;

/**
 * A verify job's request.
 *
 * @param mode {@code quick}: the manifest's own hash, every file present with its size; {@code full}: also every file
 *     read back, its SHA-256 and its record count checked
 */
public record VerifyRequest(String mode) {

    public static final String QUICK = "quick";
    public static final String FULL = "full";

    public VerifyRequest {
        mode = mode == null || mode.isBlank() ? QUICK : mode;
    }

    public boolean full() {
        return FULL.equals(mode);
    }
}

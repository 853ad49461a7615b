package io.shopwatch.backup.job;

/** Fails a job with a message and a JSON result that says what was found (a verify job's problem list). */
public class JobFailedException extends RuntimeException {

    private final String result;

    public JobFailedException(String message, String result) {
        super(message);
        this.result = result;
    }

    public String result() {
        return result;
    }
}

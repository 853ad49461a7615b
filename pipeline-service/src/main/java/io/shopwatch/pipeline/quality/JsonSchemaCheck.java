package io.shopwatch.pipeline.quality;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import io.shopwatch.pipeline.stage.StageSettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates a record's payload against the JSON schema configured for its stream; streams without a schema pass.
 * The reason names the first few violations with their JSON paths.
 */
public final class JsonSchemaCheck implements Stage {

    private static final int REPORTED_ERRORS = 3;

    private final Map<String, Schema> byStream;

    public JsonSchemaCheck(Map<String, Schema> byStream) {
        this.byStream = Map.copyOf(byStream);
    }

    @Override
    public String name() {
        return "json_schema";
    }

    @Override
    public Phase phase() {
        return Phase.QUALITY;
    }

    @Override
    public JsonSchemaCheck configuredBy(StageSettings settings) {
        return new JsonSchemaCheck(settings.schemas());
    }

    @Override
    public void apply(PipelineRecord record) {
        Schema schema = byStream.get(record.stream());
        if (schema == null) {
            return;
        }
        List<Error> errors = schema.validate(record.payload());
        if (!errors.isEmpty()) {
            String reason =
                    errors.stream().limit(REPORTED_ERRORS).map(Error::toString).collect(Collectors.joining("; "));
            record.reject(name(), "schema of stream " + record.stream() + ": " + reason);
        }
    }
}

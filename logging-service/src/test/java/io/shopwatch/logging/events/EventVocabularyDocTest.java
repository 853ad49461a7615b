package io.shopwatch.logging.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.logging.ingest.MappedRecord;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/events.md stays true: every type with a schema is documented, and every example there is accepted. */
class EventVocabularyDocTest {

    static final Path DOC = Path.of("..", "docs", "events.md");
    static final Pattern SECTION = Pattern.compile("^### `([a-z][a-z0-9_]*)`$", Pattern.MULTILINE);
    static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    static Map<String, String> examplesByType() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher section = SECTION.matcher(doc);
        while (section.find()) {
            Matcher json = JSON_BLOCK.matcher(doc);
            assertThat(json.find(section.end()))
                    .as("example of %s", section.group(1))
                    .isTrue();
            examples.put(section.group(1), json.group(1));
        }
        return examples;
    }

    final EventSchemaCatalog catalog =
            EventSchemaCatalog.of(EventSchemaCatalogTest.shippedSchemas(), UnknownEventTypes.REJECT);
    final BehaviourEventMapper mapper = new BehaviourEventMapper(VALIDATION.getValidator(), catalog);

    @Test
    void everyTypeWithASchema_isDocumentedWithAnExample() throws IOException {
        assertThat(examplesByType().keySet()).containsExactlyInAnyOrderElementsOf(catalog.types());
        String doc = Files.readString(DOC);
        catalog.types().forEach(type -> assertThat(doc).as("vocabulary table").contains("| `" + type + "` |"));
    }

    @Test
    void everyExample_isAcceptedAsItsType() throws IOException {
        for (Map.Entry<String, String> example : examplesByType().entrySet()) {
            JsonNode event = JsonMapper.builder().build().readTree(example.getValue());

            MappedRecord mapped = mapper.map(event, "default", Instant.now());

            assertThat(mapped).as(example.getKey()).isInstanceOf(MappedRecord.Accepted.class);
            assertThat(((MappedRecord.Accepted) mapped)
                            .envelope()
                            .payload()
                            .get("type")
                            .asString())
                    .isEqualTo(example.getKey());
        }
    }
}

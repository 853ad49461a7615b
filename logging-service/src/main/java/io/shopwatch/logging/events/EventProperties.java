package io.shopwatch.logging.events;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Behaviour-event checking ({@code shopwatch.events.*}).
 *
 * @param unknownTypes what happens to an event whose type has no schema
 * @param schemaLocations where the schema files are, as Spring resource patterns; a file in a later location
 *     replaces one of the same name in an earlier one, so operators can add or override types with
 *     {@code file:/etc/shopwatch/event-schemas/*.json}
 */
@Validated
@ConfigurationProperties("shopwatch.events")
public record EventProperties(
        @NotNull @DefaultValue("accept") UnknownEventTypes unknownTypes,

        @NotEmpty @DefaultValue("classpath*:event-schemas/*.json")
        List<String> schemaLocations) {}

package io.shopwatch.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.shopwatch.common.config.ConfigClientConfiguration;
import io.shopwatch.pipeline.flow.LiveStageChain;
import io.shopwatch.pipeline.stage.Stage;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The stage chain in force and its reloading: built from {@code shopwatch.pipeline} at start (a bad setting stops
 * the start, naming it), and rebuilt when common's config client (opt-in, {@code shopwatch.config.client.enabled})
 * reports a published change of the stage settings ({@link StageRulesReloader}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
@Import(ConfigClientConfiguration.class)
public class DynamicStageConfiguration {

    @Bean
    StageRulesCompiler stageRulesCompiler(List<Stage> stages, ResourceLoader resources) {
        return new StageRulesCompiler(stages, location -> {
            try {
                return resources.getResource(location).getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Bean
    LiveStageChain liveStageChain(StageRulesCompiler compiler, PipelineProperties properties) {
        return new LiveStageChain(compiler.compile(properties));
    }

    @Bean
    StageRulesReloader stageRulesReloader(
            Environment environment,
            StageRulesCompiler compiler,
            LiveStageChain live,
            ObjectProvider<Validator> validator,
            ObjectProvider<MeterRegistry> meters) {
        return new StageRulesReloader(environment, compiler, live, validator.getIfUnique(), meters.getIfUnique());
    }
}

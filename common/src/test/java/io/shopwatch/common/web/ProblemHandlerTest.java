package io.shopwatch.common.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

class ProblemHandlerTest {

    record Thing(@NotBlank String name) {}

    @RestController
    static class ThingController {
        @GetMapping("/things/{id}")
        Thing get(@PathVariable String id) {
            if (id.equals("busy")) {
                throw new RetryLaterException(ProblemType.UNAVAILABLE, "try again later", Duration.ofMillis(2_500));
            }
            if (id.equals("boom")) {
                throw new IllegalStateException("secret internals");
            }
            throw ShopWatchException.notFound("thing", id);
        }

        @PostMapping("/things")
        Thing create(@Valid @RequestBody Thing thing) {
            return thing;
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ThingController())
            .setControllerAdvice(new ProblemHandler())
            .build();

    @Test
    void shopWatchException_becomesTypedProblem() throws Exception {
        mvc.perform(get("/things/42"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/not-found"))
                .andExpect(jsonPath("$.detail").value("thing '42' does not exist"))
                .andExpect(jsonPath("$.instance").value("/things/42"));
    }

    @Test
    void retryLaterException_carriesRetryAfter() throws Exception {
        mvc.perform(get("/things/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "3"))
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/unavailable"))
                .andExpect(jsonPath("$.retry_after_seconds").value(3))
                .andExpect(jsonPath("$.instance").value("/things/busy"));
    }

    @Test
    void invalidBody_listsFieldErrors() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/validation"))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void malformedBody_isMalformedProblem() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{nope"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/malformed-body"));
    }

    @Test
    void wrongContentType_is415Problem() throws Exception {
        mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/unsupported-media-type"));
    }

    @Test
    void unexpectedException_is500WithoutInternals() throws Exception {
        mvc.perform(get("/things/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://shopwatch.io/problems/internal"))
                .andExpect(jsonPath("$.detail").value("the request could not be completed"));
    }
}

package io.shopwatch.auth.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import org.springframework.context.annotation.Configuration;

/** How the API document describes authentication: a Bearer access token, or the gateway's internal secret. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "ShopWatch auth-service",
                        version = "v1",
                        description =
                                "Organisations, users, roles, API keys, login, JWT issuing (JWKS) and the audit log."),
        security = @SecurityRequirement(name = "bearer"))
@SecuritySchemes({
    @SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT"),
    @SecurityScheme(
            name = "internal",
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            paramName = "X-ShopWatch-Internal-Secret")
})
public class OpenApiConfiguration {}

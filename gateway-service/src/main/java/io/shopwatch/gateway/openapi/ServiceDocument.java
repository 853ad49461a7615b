package io.shopwatch.gateway.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A service's own API document as the gateway last fetched it: the document, or why there is none. */
public sealed interface ServiceDocument {

    /** The service answered with an OpenAPI document. */
    record Available(ObjectNode document) implements ServiceDocument {}

    /** The service did not answer in time, answered an error, or answered something that is no OpenAPI document. */
    record Missing(String reason) implements ServiceDocument {}
}

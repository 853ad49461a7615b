package io.shopwatch.pipeline.enrich;

import java.util.Optional;

/** Where an IP address is. One implementation per source (a MaxMind-format database, a lookup service ...). */
public interface GeoResolver {

    /** Country ISO code, region and city of an address; empty when unknown or when the text is not an address. */
    Optional<Location> locate(String ip);

    record Location(String country, String region, String city) {}

    /** The resolver used when no database is configured: it knows nothing. */
    GeoResolver NONE = ip -> Optional.empty();
}

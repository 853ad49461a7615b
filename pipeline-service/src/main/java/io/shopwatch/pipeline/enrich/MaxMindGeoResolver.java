package io.shopwatch.pipeline.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a MaxMind-format database (GeoLite2-City, GeoIP2-City, or any MMDB with the same layout). Only literal IP
 * addresses are looked up: host names are never resolved.
 */
public final class MaxMindGeoResolver implements GeoResolver, Closeable {

    private final DatabaseReader reader;

    public MaxMindGeoResolver(Path database) throws IOException {
        this.reader = new DatabaseReader.Builder(database.toFile())
                .withCache(new CHMCache())
                .build();
    }

    @Override
    public Optional<Location> locate(String ip) {
        if (!looksLikeAddress(ip)) {
            return Optional.empty();
        }
        try {
            Optional<CityResponse> city = reader.tryCity(InetAddress.getByName(ip));
            return city.map(c -> new Location(
                    c.getCountry().getIsoCode(),
                    c.getMostSpecificSubdivision().getName(),
                    c.getCity().getName()));
        } catch (IOException | GeoIp2Exception e) {
            return Optional.empty();
        }
    }

    /** IPv4 dotted quad or IPv6 text, so that {@link InetAddress#getByName} never goes to DNS. */
    static boolean looksLikeAddress(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        boolean colon = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = Character.isDigit(c) || c == '.' || (colon && (c == ':' || Character.digit(c, 16) >= 0));
            if (!ok) {
                return false;
            }
        }
        return colon || text.chars().filter(c -> c == '.').count() == 3;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

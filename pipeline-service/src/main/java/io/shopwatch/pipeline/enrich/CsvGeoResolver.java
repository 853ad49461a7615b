package io.shopwatch.pipeline.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads IP ranges from a CSV in DB-IP's free "lite" layout, loaded once and looked up by binary search:
 *
 * <ul>
 *   <li>{@code dbip-country-lite}: {@code start_ip,end_ip,country} (ISO 3166 code), e.g.
 *       {@code 1.0.0.0,1.0.0.255,AU};
 *   <li>{@code dbip-city-lite}: {@code start_ip,end_ip,continent,country,region,city,latitude,longitude}; region and
 *       city are read too (fields may be double-quoted).
 * </ul>
 *
 * IPv4 and IPv6 ranges may be mixed in one file; both ends are inclusive and a range never mixes the two. Blank lines
 * and lines starting with {@code #} are skipped; the country {@code ZZ} (DB-IP's "unknown", e.g. private networks) is
 * a miss. Ranges must not overlap. A malformed line stops the load with its line number. Only literal addresses are
 * looked up: host names are never resolved.
 */
public final class CsvGeoResolver implements GeoResolver {

    private static final String UNKNOWN_COUNTRY = "ZZ";

    private final Table v4;
    private final Table v6;

    private CsvGeoResolver(Table v4, Table v6) {
        this.v4 = v4;
        this.v6 = v6;
    }

    /**
     * Reads every range of the CSV.
     *
     * @param source the CSV; read to its end, not closed
     * @param name what to call the source in error messages (e.g. its path)
     * @throws IllegalArgumentException naming the line of a malformed row or an overlap
     */
    public static CsvGeoResolver read(Reader source, String name) throws IOException {
        Table v4 = new Table(1);
        Table v6 = new Table(2);
        Map<Location, Location> shared = new HashMap<>();
        BufferedReader lines = source instanceof BufferedReader b ? b : new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(text);
            if (fields.size() != 3 && fields.size() < 6) {
                throw malformed(name, number, "expected start_ip,end_ip,country or DB-IP's city layout");
            }
            byte[] start = address(fields.get(0), name, number);
            byte[] end = address(fields.get(1), name, number);
            if (start.length != end.length) {
                throw malformed(name, number, "a range's ends must both be IPv4 or both IPv6");
            }
            if (Arrays.compareUnsigned(start, end) > 0) {
                throw malformed(name, number, "the start is after the end");
            }
            String country = fields.size() == 3 ? fields.get(2) : fields.get(3);
            if (country.isEmpty()) {
                throw malformed(name, number, "no country");
            }
            Location location = new Location(
                    country,
                    fields.size() == 3 ? null : blankToNull(fields.get(4)),
                    fields.size() == 3 ? null : blankToNull(fields.get(5)));
            location = shared.computeIfAbsent(location, l -> l);
            (start.length == 4 ? v4 : v6).add(start, end, location, number);
        }
        return new CsvGeoResolver(v4.seal(name), v6.seal(name));
    }

    /** Ranges read, IPv4 and IPv6 together. */
    public int size() {
        return v4.size() + v6.size();
    }

    @Override
    public Optional<Location> locate(String ip) {
        if (!MaxMindGeoResolver.looksLikeAddress(ip)) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        Location location = (address instanceof Inet4Address ? v4 : v6).find(bytes);
        return location == null || UNKNOWN_COUNTRY.equals(location.country())
                ? Optional.empty()
                : Optional.of(location);
    }

    private static byte[] address(String text, String name, int number) {
        if (!MaxMindGeoResolver.looksLikeAddress(text)) {
            throw malformed(name, number, "not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw malformed(name, number, "not an IP address: " + text);
        }
    }

    /** Comma-separated fields, each optionally in double quotes (a doubled quote inside is one quote). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString().strip());
        return out;
    }

    private static String blankToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static IllegalArgumentException malformed(String name, int line, String why) {
        return new IllegalArgumentException(name + " line " + line + ": " + why);
    }

    /**
     * One address family's ranges, sorted by start, as unsigned numbers in flat arrays (an IPv4 address is one
     * {@code long}, an IPv6 address two: high and low half), so that DB-IP's whole country file (about 600,000 rows)
     * takes some 20 MB of heap rather than an object per address.
     */
    private static final class Table {

        private final int width;
        private long[] starts;
        private long[] ends;
        private Location[] locations;
        private int[] lines;
        private int size;

        Table(int width) {
            this.width = width;
            this.starts = new long[16 * width];
            this.ends = new long[16 * width];
            this.locations = new Location[16];
            this.lines = new int[16];
        }

        void add(byte[] start, byte[] end, Location location, int line) {
            if (size == locations.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity * width);
                ends = Arrays.copyOf(ends, capacity * width);
                locations = Arrays.copyOf(locations, capacity);
                lines = Arrays.copyOf(lines, capacity);
            }
            System.arraycopy(key(start), 0, starts, size * width, width);
            System.arraycopy(key(end), 0, ends, size * width, width);
            locations[size] = location;
            lines[size] = line;
            size++;
        }

        /** Sorts the ranges by start (nothing to do for DB-IP's files, which are sorted) and refuses overlaps. */
        Table seal(String name) {
            starts = Arrays.copyOf(starts, size * width);
            ends = Arrays.copyOf(ends, size * width);
            locations = Arrays.copyOf(locations, size);
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) {
                sorted = compare(starts, i, starts, i - 1) >= 0;
            }
            if (!sorted) {
                Integer[] order = new Integer[size];
                Arrays.setAll(order, i -> i);
                Arrays.sort(order, (a, b) -> compare(starts, a, starts, b));
                long[] sortedStarts = new long[starts.length];
                long[] sortedEnds = new long[ends.length];
                Location[] sortedLocations = new Location[size];
                int[] sortedLines = new int[size];
                for (int i = 0; i < size; i++) {
                    int from = order[i];
                    System.arraycopy(starts, from * width, sortedStarts, i * width, width);
                    System.arraycopy(ends, from * width, sortedEnds, i * width, width);
                    sortedLocations[i] = locations[from];
                    sortedLines[i] = lines[from];
                }
                starts = sortedStarts;
                ends = sortedEnds;
                locations = sortedLocations;
                lines = sortedLines;
            }
            for (int i = 1; i < size; i++) {
                if (compare(starts, i, ends, i - 1) <= 0) {
                    throw malformed(name, Math.max(lines[i], lines[i - 1]), "the range overlaps another one");
                }
            }
            lines = null;
            return this;
        }

        int size() {
            return size;
        }

        /** The location of the range holding the address: the last range starting at or before it, if it ends after. */
        Location find(byte[] address) {
            long[] key = key(address);
            int low = 0;
            int high = size - 1;
            int candidate = -1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                if (compare(starts, mid, key, 0) <= 0) {
                    candidate = mid;
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return candidate >= 0 && compare(key, 0, ends, candidate) <= 0 ? locations[candidate] : null;
        }

        private int compare(long[] a, int i, long[] b, int j) {
            for (int k = 0; k < width; k++) {
                int c = Long.compareUnsigned(a[i * width + k], b[j * width + k]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        /** An address as {@code width} unsigned longs, most significant first. */
        private static long[] key(byte[] address) {
            ByteBuffer bytes = ByteBuffer.wrap(address);
            return address.length == 4
                    ? new long[] {Integer.toUnsignedLong(bytes.getInt())}
                    : new long[] {bytes.getLong(), bytes.getLong()};
        }
    }
}

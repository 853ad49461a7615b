package io.shopwatch.metrics.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Reads a Prometheus remote-write 1.0 body: snappy block compression around a protobuf {@code WriteRequest}
 * (prometheus/prompb remote.proto and types.proto), decoded field by field with {@link CodedInputStream}, no generated
 * classes. Fields read: {@code WriteRequest.timeseries = 1}, {@code metadata = 3}; {@code TimeSeries.labels = 1},
 * {@code samples = 2}, {@code histograms = 4} (counted only); {@code Label.name = 1}, {@code value = 2};
 * {@code Sample.value = 1} (double), {@code timestamp = 2} (int64 ms); {@code MetricMetadata.type = 1},
 * {@code metric_family_name = 2}. Everything else (exemplars, help, unit) is skipped.
 */
public final class RemoteWriteDecoder {

    /** The body is not a snappy-compressed remote-write request; the message says why. */
    public static final class InvalidBodyException extends RuntimeException {
        InvalidBodyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The decompressed body would be larger than allowed. */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(String message) {
            super(message);
        }
    }

    private final long maxDecompressedBytes;

    public RemoteWriteDecoder(long maxDecompressedBytes) {
        this.maxDecompressedBytes = maxDecompressedBytes;
    }

    /** Decompresses (snappy block format) and decodes. */
    public RemoteWriteRequest decode(byte[] snappyBody) {
        byte[] raw;
        try {
            if (!Snappy.isValidCompressedBuffer(snappyBody)) {
                throw new InvalidBodyException("the body is not snappy-compressed (block format)", null);
            }
            long length = Snappy.uncompressedLength(snappyBody);
            if (length > maxDecompressedBytes) {
                throw new TooLargeException("the decompressed body has " + length + " bytes, more than "
                        + maxDecompressedBytes + " (METRICS_MAX_REMOTE_WRITE_SIZE)");
            }
            raw = Snappy.uncompress(snappyBody);
        } catch (IOException e) {
            throw new InvalidBodyException("the body is not snappy-compressed: " + e.getMessage(), e);
        }
        return decodeProtobuf(raw);
    }

    /** Decodes an uncompressed {@code WriteRequest}. */
    public static RemoteWriteRequest decodeProtobuf(byte[] raw) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            List<RemoteWriteRequest.TimeSeries> series = new ArrayList<>();
            Map<String, Integer> types = new HashMap<>();
            int tag;
            while ((tag = in.readTag()) != 0) {
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == 1 && isMessage(tag)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    series.add(timeSeries(in));
                    in.popLimit(limit);
                } else if (field == 3 && isMessage(tag)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    metadata(in, types);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
            return new RemoteWriteRequest(series, types);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidBodyException("the body is not a remote-write WriteRequest: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidBodyException("the body cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isMessage(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    private static RemoteWriteRequest.TimeSeries timeSeries(CodedInputStream in) throws IOException {
        List<String[]> labels = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        int histograms = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                String name = "";
                String value = "";
                int inner;
                while ((inner = in.readTag()) != 0) {
                    switch (WireFormat.getTagFieldNumber(inner)) {
                        case 1 -> name = in.readStringRequireUtf8();
                        case 2 -> value = in.readStringRequireUtf8();
                        default -> in.skipField(inner);
                    }
                }
                in.popLimit(limit);
                labels.add(new String[] {name, value});
            } else if (field == 2 && isMessage(tag)) {
                int limit = in.pushLimit(in.readRawVarint32());
                double value = 0;
                long timestamp = 0;
                int inner;
                while ((inner = in.readTag()) != 0) {
                    switch (WireFormat.getTagFieldNumber(inner)) {
                        case 1 -> value = in.readDouble();
                        case 2 -> timestamp = in.readInt64();
                        default -> in.skipField(inner);
                    }
                }
                in.popLimit(limit);
                samples.add(new double[] {value, timestamp});
            } else if (field == 4) {
                histograms++;
                in.skipField(tag);
            } else {
                in.skipField(tag);
            }
        }
        double[] values = new double[samples.size()];
        long[] timestamps = new long[samples.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = samples.get(i)[0];
            timestamps[i] = (long) samples.get(i)[1];
        }
        return new RemoteWriteRequest.TimeSeries(labels, values, timestamps, histograms);
    }

    private static void metadata(CodedInputStream in, Map<String, Integer> types) throws IOException {
        int type = 0;
        String family = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> type = in.readEnum();
                case 2 -> family = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        if (family != null) {
            types.put(family, type);
        }
    }
}

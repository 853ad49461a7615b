package io.shopwatch.metrics.remotewrite;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Writes remote-write bodies independently of the decoder: protobuf's {@link CodedOutputStream} with the field numbers
 * of prometheus/prompb ({@code WriteRequest.timeseries = 1, metadata = 3}; {@code TimeSeries.labels = 1,
 * samples = 2, histograms = 4}; {@code Label.name = 1, value = 2}; {@code Sample.value = 1, timestamp = 2};
 * {@code MetricMetadata.type = 1, metric_family_name = 2, help = 4}), then snappy's block format.
 */
public final class RemoteWriteBodies {

    private final List<byte[]> series = new ArrayList<>();
    private final List<byte[]> metadata = new ArrayList<>();

    public static RemoteWriteBodies request() {
        return new RemoteWriteBodies();
    }

    /** A series; {@code labels} are name/value pairs, {@code samples} value/timestamp pairs. */
    public RemoteWriteBodies series(String[] labels, double[] values, long[] timestamps) {
        series.add(message(out -> {
            for (int i = 0; i < labels.length; i += 2) {
                String name = labels[i];
                String value = labels[i + 1];
                out.writeByteArray(1, message(label -> {
                    label.writeString(1, name);
                    label.writeString(2, value);
                }));
            }
            for (int i = 0; i < values.length; i++) {
                double value = values[i];
                long timestamp = timestamps[i];
                out.writeByteArray(2, message(sample -> {
                    sample.writeDouble(1, value);
                    sample.writeInt64(2, timestamp);
                }));
            }
        }));
        return this;
    }

    /** A series carrying one (empty) native histogram. */
    public RemoteWriteBodies nativeHistogram(String name) {
        series.add(message(out -> {
            out.writeByteArray(1, message(label -> {
                label.writeString(1, "__name__");
                label.writeString(2, name);
            }));
            out.writeByteArray(4, message(histogram -> histogram.writeUInt64(1, 3)));
        }));
        return this;
    }

    public RemoteWriteBodies metadata(int type, String family) {
        metadata.add(message(out -> {
            out.writeEnum(1, type);
            out.writeString(2, family);
            out.writeString(4, "help of " + family);
        }));
        return this;
    }

    public byte[] protobuf() {
        return message(out -> {
            for (byte[] s : series) {
                out.writeByteArray(1, s);
            }
            for (byte[] m : metadata) {
                out.writeByteArray(3, m);
            }
        });
    }

    public byte[] snappy() {
        try {
            return Snappy.compress(protobuf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

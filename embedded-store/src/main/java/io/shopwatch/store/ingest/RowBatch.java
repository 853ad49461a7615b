package io.shopwatch.store.ingest;

import io.shopwatch.store.stream.ValueType;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accepted rows of one request, column by column, and the type OpenObserve infers for each column across them.
 * A row is built field by field ({@link #row()}: put, replace, remove, as a map would), then kept ({@link #keepRow}) or
 * dropped ({@link #dropRow}); no map or tree is made per row.
 *
 * <p>Columns are listed in the order a {@code LinkedHashMap} per row merged into one would give them: the order in
 * which they first appear among the kept rows, each row in its insertion order (a field put again after a remove moves
 * to the end). A column that appears only in dropped rows is not listed. Not thread-safe: one per request.
 */
public final class RowBatch {

    private static final int INITIAL_ROWS = 64;

    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private Object[][] values = new Object[8][];
    private ValueType[] types = new ValueType[8];
    private final List<Integer> order = new ArrayList<>();
    private int capacity = INITIAL_ROWS;
    private int rows;

    // the row being built: its value per column (null = absent), each present column's place in `inserted`
    private Object[] current = new Object[8];
    private int[] place = new int[8];
    private int[] inserted = new int[8];
    private int insertedCount;
    private int present;
    private final Map<String, Object> rowView = new RowView();

    /** The row being built, as a map that supports {@code put}, {@code get}, {@code remove} and {@code size}. */
    public Map<String, Object> row() {
        return rowView;
    }

    /** Sets a field of the row being built (a null value removes it). */
    public void put(String name, Object value) {
        if (value == null) {
            remove(name);
            return;
        }
        int column = column(name);
        if (current[column] == null) {
            place[column] = insertedCount;
            if (insertedCount == inserted.length) {
                inserted = Arrays.copyOf(inserted, insertedCount * 2);
            }
            inserted[insertedCount++] = column;
            present++;
        }
        current[column] = value;
    }

    /** A field of the row being built, or null. */
    public Object get(String name) {
        Integer column = index.get(name);
        return column == null ? null : current[column];
    }

    /** Removes a field from the row being built. */
    public void remove(String name) {
        Integer column = index.get(name);
        if (column != null && current[column] != null) {
            current[column] = null;
            place[column] = -1;
            present--;
        }
    }

    /** The number of fields of the row being built. */
    public int fieldCount() {
        return present;
    }

    /** Keeps the row being built and widens its columns' types by its values. */
    public void keepRow() {
        if (rows == capacity) {
            capacity *= 2;
            for (int c = 0; c < names.size(); c++) {
                if (values[c] != null) {
                    values[c] = Arrays.copyOf(values[c], capacity);
                }
            }
        }
        for (int i = 0; i < insertedCount; i++) {
            int column = inserted[i];
            Object value = current[column];
            if (value == null || place[column] != i) {
                continue; // removed, or removed and put again later
            }
            if (values[column] == null) {
                values[column] = new Object[capacity];
            }
            values[column][rows] = value;
            ValueType type = typeOf(value);
            if (types[column] == null) {
                types[column] = type;
                order.add(column);
            } else {
                types[column] = types[column].widen(type);
            }
            current[column] = null;
        }
        insertedCount = 0;
        present = 0;
        rows++;
    }

    /** Forgets the row being built. */
    public void dropRow() {
        for (int i = 0; i < insertedCount; i++) {
            current[inserted[i]] = null;
        }
        insertedCount = 0;
        present = 0;
    }

    /** Rows kept. */
    public int rows() {
        return rows;
    }

    /** Every column of the kept rows with its type, in first-appearance order. */
    public Map<String, ValueType> types() {
        Map<String, ValueType> out = new LinkedHashMap<>();
        for (int column : order) {
            out.put(names.get(column), types[column]);
        }
        return out;
    }

    /** The column's number for {@link #value}, or -1 when no kept row has it. */
    public int columnOf(String name) {
        Integer column = index.get(name);
        return column == null || types[column] == null ? -1 : column;
    }

    /** A kept row's value in a column (from {@link #columnOf}), or null. */
    public Object value(int column, int row) {
        return values[column][row];
    }

    private int column(String name) {
        Integer known = index.get(name);
        if (known != null) {
            return known;
        }
        int column = names.size();
        names.add(name);
        index.put(name, column);
        if (column == current.length) {
            int size = column * 2;
            current = Arrays.copyOf(current, size);
            place = Arrays.copyOf(place, size);
            values = Arrays.copyOf(values, size);
            types = Arrays.copyOf(types, size);
        }
        return column;
    }

    /** The type OpenObserve infers for a flattened JSON value. */
    public static ValueType typeOf(Object value) {
        if (value instanceof String) {
            return ValueType.UTF8;
        }
        if (value instanceof Boolean) {
            return ValueType.BOOLEAN;
        }
        if (value instanceof Long) {
            return ValueType.INT64;
        }
        if (value instanceof BigInteger) {
            return ValueType.UINT64;
        }
        return ValueType.FLOAT64;
    }

    /** The row being built as a map, for code that fills maps ({@code OpenObserveFlattening.flattenInto}). */
    private final class RowView extends AbstractMap<String, Object> {
        @Override
        public Object put(String key, Object value) {
            Object old = RowBatch.this.get(key);
            RowBatch.this.put(key, value);
            return old;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String s ? RowBatch.this.get(s) : null;
        }

        @Override
        public Object remove(Object key) {
            if (!(key instanceof String s)) {
                return null;
            }
            Object old = RowBatch.this.get(s);
            RowBatch.this.remove(s);
            return old;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public int size() {
            return present;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (int i = 0; i < insertedCount; i++) {
                int column = inserted[i];
                if (current[column] != null && place[column] == i) {
                    copy.put(names.get(column), current[column]);
                }
            }
            return copy.entrySet();
        }
    }
}

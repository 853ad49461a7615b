package io.shopwatch.store.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * One DuckDB database file and a pool of connections to it. DuckDB runs in this process; every connection shares the
 * same database instance, so reads on one connection see every commit of another. A commit is durable when it returns:
 * DuckDB appends it to its write-ahead log and syncs the file before acknowledging, and replays the log on the next
 * open after a crash.
 *
 * <p>After start-up, file system access from SQL is switched off ({@code enable_external_access=false}): queries can
 * reach the store's own tables, never {@code read_csv('/etc/passwd')} or another database file.
 */
public final class DuckDbDatabase implements AutoCloseable {

    private final DuckDBConnection primary;
    private final BlockingQueue<DuckDBConnection> idle = new LinkedBlockingQueue<>();
    private final List<DuckDBConnection> all = new ArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    /** Each connection's transaction statements, prepared on its first transaction. */
    private final Map<DuckDBConnection, TransactionStatements> transactionStatements = new ConcurrentHashMap<>();

    private final int maxConnections;
    private final Path file;
    private volatile boolean closed;

    private DuckDbDatabase(Path file, DuckDBConnection primary, int maxConnections) {
        this.file = file;
        this.primary = primary;
        this.maxConnections = maxConnections;
    }

    /**
     * Opens (or creates) the database file.
     *
     * @param file the database file; its directory is created
     * @param memoryLimit DuckDB's {@code memory_limit}, e.g. {@code 1GB}; empty for DuckDB's default
     * @param threads DuckDB's worker threads; 0 for one per core
     * @param maxConnections connections handed out at once
     * @param setup statements run once before external access is switched off (schemas, macros)
     */
    public static DuckDbDatabase open(
            Path file, String memoryLimit, int threads, int maxConnections, List<String> setup) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Properties properties = new Properties();
            properties.setProperty("autoinstall_known_extensions", "false");
            properties.setProperty("autoload_known_extensions", "false");
            DuckDBConnection primary =
                    (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
            try (Statement s = primary.createStatement()) {
                if (memoryLimit != null && !memoryLimit.isBlank()) {
                    s.execute(setting("memory_limit", memoryLimit));
                }
                if (threads > 0) {
                    s.execute("SET threads = " + threads);
                }
                for (String sql : setup) {
                    s.execute(sql);
                }
                s.execute("SET enable_external_access = false");
            }
            return new DuckDbDatabase(file, primary, Math.max(1, maxConnections));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB database " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of " + file, e);
        }
    }

    /** The statement that sets DuckDB's setting {@code name} to the text {@code value} (a size, a count). */
    public static String setting(String name, String value) {
        return "SET " + name + " = '" + value.replace("'", "") + "'";
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** A connection for the duration of the lease; close the lease to give it back. */
    public Lease lease() {
        if (closed) {
            throw new IllegalStateException("the database is closed");
        }
        DuckDBConnection connection = idle.poll();
        if (connection == null) {
            if (created.incrementAndGet() <= maxConnections) {
                try {
                    connection = (DuckDBConnection) primary.duplicate();
                } catch (SQLException e) {
                    created.decrementAndGet();
                    throw new IllegalStateException("cannot open a DuckDB connection: " + e.getMessage(), e);
                }
                synchronized (all) {
                    all.add(connection);
                }
            } else {
                created.decrementAndGet();
                try {
                    connection = idle.poll(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a DuckDB connection", e);
                }
                if (connection == null) {
                    throw new IllegalStateException("no DuckDB connection became free within 60 s");
                }
            }
        }
        return new Lease(connection);
    }

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface TransactionWork {
        void run(DuckDBConnection connection) throws SQLException;
    }

    /**
     * {@code BEGIN}, {@code COMMIT} and {@code ROLLBACK} prepared once per connection: parsing and planning them on every
     * transaction (what {@code setAutoCommit(false)} and {@code commit()} do) costs more than a small append.
     */
    private record TransactionStatements(
            PreparedStatement begin, PreparedStatement commit, PreparedStatement rollback) {
        static TransactionStatements prepare(DuckDBConnection c) {
            try {
                return new TransactionStatements(
                        c.prepareStatement("BEGIN TRANSACTION"),
                        c.prepareStatement("COMMIT"),
                        c.prepareStatement("ROLLBACK"));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prepare the transaction statements: " + e.getMessage(), e);
            }
        }
    }

    /** A borrowed connection, in auto-commit mode when handed out and when given back. */
    public final class Lease implements AutoCloseable {
        private final DuckDBConnection connection;
        private boolean broken;

        private Lease(DuckDBConnection connection) {
            this.connection = connection;
        }

        public DuckDBConnection connection() {
            return connection;
        }

        /**
         * Runs {@code work} in one transaction on this connection, which an appender created inside it joins: committed
         * (durable) when it returns, rolled back when it throws. The connection stays in JDBC's auto-commit mode; the
         * transaction is DuckDB's own, opened and ended by statements prepared once per connection.
         */
        public void inTransaction(TransactionWork work) throws SQLException {
            TransactionStatements statements =
                    transactionStatements.computeIfAbsent(connection, TransactionStatements::prepare);
            try {
                statements.begin().execute();
            } catch (SQLException e) {
                broken = true; // in an unknown state (a transaction left open?): not given back
                throw e;
            }
            try {
                work.run(connection);
                statements.commit().execute();
            } catch (SQLException | RuntimeException e) {
                try {
                    statements.rollback().execute();
                } catch (SQLException rollbackFailed) {
                    broken = true; // the transaction may still be open: the connection is not given back
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }

        @Override
        public void close() {
            if (broken) {
                drop(connection);
                return;
            }
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                idle.offer(connection);
            } catch (SQLException e) {
                // a broken connection is dropped; a new one is made on demand
                drop(connection);
            }
        }
    }

    private void drop(DuckDBConnection connection) {
        created.decrementAndGet();
        transactionStatements.remove(connection);
        synchronized (all) {
            all.remove(connection);
        }
        closeQuietly(connection);
    }

    /** Writes everything to the database file and empties the write-ahead log. */
    public void checkpoint() {
        try (Lease lease = lease();
                Statement s = lease.connection().createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException("checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (all) {
            all.forEach(DuckDbDatabase::closeQuietly);
            all.clear();
        }
        closeQuietly(primary);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}

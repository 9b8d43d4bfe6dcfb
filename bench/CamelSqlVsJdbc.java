import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * Why the import writes with JDBC batches in a processor rather than through camel-sql: the same
 * rows (shaped like `tracks`), the same HSQLDB settings, key order, batches of 10,000, both ways.
 * Run: bench/camel-sql-vs-jdbc.sh [ROWS]
 */
public class CamelSqlVsJdbc {
    static final String COLUMNS = "rowid, id, fetched_at, name, album_rowid, track_number, external_id_isrc, popularity, disc_number, duration_ms, explicit";
    static final String DDL = "CREATE TABLE tracks (rowid BIGINT PRIMARY KEY, id VARCHAR(22) NOT NULL, fetched_at BIGINT NOT NULL, "
            + "name VARCHAR(32000) NOT NULL, album_rowid BIGINT NOT NULL, track_number INTEGER NOT NULL, external_id_isrc VARCHAR(64), "
            + "popularity INTEGER NOT NULL, disc_number INTEGER NOT NULL, duration_ms BIGINT NOT NULL, explicit INTEGER NOT NULL)";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = 10_000;
        // warm both paths once on a small table so neither pays the JIT alone
        run(rows / 20, batch, true);
        run(rows / 20, batch, false);
        double jdbc = run(rows, batch, false);
        double camel = run(rows, batch, true);
        System.out.printf("rows=%,d batch=%,d | JDBC batch %,.0f rows/s | camel-sql batch=true %,.0f rows/s | camel-sql / JDBC = %.2f%n",
                rows, batch, jdbc, camel, camel / jdbc);
    }

    static Object[] row(long i) {
        return new Object[] {i, String.format("%022d", i * 7919 % 1_000_003), 1735689600000L + i, "Track name number " + i,
                i / 10 + 1, i % 10 + 1, "USABC" + (1_000_000 + i), i % 101, 1, 200_000L + i, i % 2};
    }

    static double run(int rows, int batch, boolean camel) throws Exception {
        Path dir = Files.createTempDirectory("sqlbench");
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl("jdbc:hsqldb:file:" + dir.resolve("db") + ";hsqldb.default_table_type=cached;hsqldb.cache_rows=100000;"
                + "hsqldb.cache_size=65536;hsqldb.nio_data_file=true;hsqldb.nio_max_size=16384");
        ds.setUser("SA");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(DDL);
            s.execute("SET FILES LOG FALSE");
        }
        String[] names = COLUMNS.split(", ");
        long started = System.nanoTime();
        if (camel) {
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("catalog", ds);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String marks = String.join(", ", java.util.Arrays.stream(names).map(n -> ":#" + n).toList());
            String uri = "sql:INSERT INTO tracks (" + COLUMNS + ") VALUES (" + marks + ")?dataSource=#catalog&batch=true";
            for (int from = 0; from < rows; from += batch) {
                List<Map<String, Object>> body = new ArrayList<>(batch);
                for (long i = from; i < Math.min(rows, from + batch); i++) {
                    Object[] values = row(i);
                    Map<String, Object> map = new HashMap<>();
                    for (int k = 0; k < names.length; k++) {
                        map.put(names[k], values[k]);
                    }
                    body.add(map);
                }
                template.sendBody(uri, body);
            }
            context.stop();
        } else {
            String marks = String.join(", ", java.util.Collections.nCopies(names.length, "?"));
            try (Connection c = ds.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO tracks (" + COLUMNS + ") VALUES (" + marks + ")")) {
                c.setAutoCommit(false);
                for (long i = 0; i < rows; i++) {
                    Object[] values = row(i);
                    for (int k = 0; k < values.length; k++) {
                        insert.setObject(k + 1, values[k]);
                    }
                    insert.addBatch();
                    if ((i + 1) % batch == 0 || i == rows - 1) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        double rate = rows / ((System.nanoTime() - started) / 1e9);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return rate;
    }
}

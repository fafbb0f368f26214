package dev.keel.storage;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A logical dump of Keel's tables, one CSV per table ({@code db/<table>.csv}, header row, RFC 4180
 * quoting): the same on H2 and PostgreSQL, readable without either.
 */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    public static Map<String, byte[]> csv(DataSource dataSource) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (String table : tables(c)) {
                out.put("db/" + table.toLowerCase(java.util.Locale.ROOT) + ".csv", dump(c, table).getBytes(StandardCharsets.UTF_8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database dump failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet r = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
            while (r.next()) {
                tables.add(r.getString("TABLE_NAME"));
            }
        }
        tables.sort(String::compareToIgnoreCase);
        return tables;
    }

    private static String dump(Connection c, String table) throws SQLException {
        StringBuilder csv = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM \"" + table.replace("\"", "") + "\"")) {
            ResultSetMetaData meta = r.getMetaData();
            int columns = meta.getColumnCount();
            for (int i = 1; i <= columns; i++) {
                csv.append(i > 1 ? "," : "").append(quote(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT)));
            }
            csv.append('\n');
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = r.getObject(i);
                    csv.append(i > 1 ? "," : "").append(value == null ? "" : quote(value.toString()));
                }
                csv.append('\n');
            }
        }
        return csv.toString();
    }

    private static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

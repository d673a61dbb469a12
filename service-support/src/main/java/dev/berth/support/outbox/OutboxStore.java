package dev.berth.support.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * JDBC access to the {@code outbox} table of the service's own schema (id, topic, message_key, value, content_type,
 * created_at, published_at); every method runs on the caller's transaction.
 */
@ApplicationScoped
public class OutboxStore {

    public OutboxRow add(Connection c, String topic, String key, String value, String contentType)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (topic, message_key, value, content_type) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setString(3, value);
            ps.setString(4, contentType);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new OutboxRow(rs.getLong(1), topic, key, value, contentType);
            }
        }
    }

    /** Rows left unpublished for longer than {@code olderThanMillis}: a crash or a failed send got between. */
    public List<OutboxRow> stale(Connection c, long olderThanMillis) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, topic, message_key, value, content_type FROM outbox"
                + " WHERE published_at IS NULL AND created_at < now() - (? * interval '1 millisecond')"
                + " ORDER BY id LIMIT 500")) {
            ps.setLong(1, olderThanMillis);
            try (ResultSet rs = ps.executeQuery()) {
                List<OutboxRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
                return rows;
            }
        }
    }

    public void markPublished(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET published_at = now() WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Published rows are only history; keep the table small. */
    public int prunePublished(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM outbox WHERE published_at < now() - interval '10 minutes'")) {
            return ps.executeUpdate();
        }
    }
}

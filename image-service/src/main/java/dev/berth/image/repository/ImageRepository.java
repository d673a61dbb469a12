package dev.berth.image.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.image.domain.Image;

/** JDBC access to {@code image.images}; every method runs on the caller's transaction. */
@ApplicationScoped
public class ImageRepository {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "fingerprint, filename, size, architecture, type, properties, public,"
            + " auto_update, created_at, uploaded_at, last_used_at, expires_at, split";

    /**
     * Inserts the image or refreshes its description; {@code uploaded_at} and {@code last_used_at} of an existing row
     * are kept, so re-registering the same bytes is harmless.
     */
    public void upsert(Connection c, Image image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO images (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (fingerprint) DO UPDATE SET filename = EXCLUDED.filename, size = EXCLUDED.size,"
                + " architecture = EXCLUDED.architecture, type = EXCLUDED.type, properties = EXCLUDED.properties,"
                + " public = EXCLUDED.public, auto_update = EXCLUDED.auto_update, created_at = EXCLUDED.created_at,"
                + " expires_at = EXCLUDED.expires_at, split = EXCLUDED.split")) {
            bind(ps, image);
            ps.executeUpdate();
        }
    }

    /** Binds {@link #COLUMNS} in order. */
    private static void bind(PreparedStatement ps, Image image) throws SQLException {
        ps.setString(1, image.fingerprint());
        ps.setString(2, image.filename());
        ps.setLong(3, image.size());
        ps.setString(4, image.architecture());
        ps.setString(5, image.type());
        ps.setString(6, Json.write(image.properties()));
        ps.setBoolean(7, image.isPublic());
        ps.setBoolean(8, image.autoUpdate());
        ps.setTimestamp(9, timestamp(image.createdAt()));
        ps.setTimestamp(10, timestamp(image.uploadedAt()));
        ps.setTimestamp(11, timestamp(image.lastUsedAt()));
        ps.setTimestamp(12, timestamp(image.expiresAt()));
        ps.setBoolean(13, image.split());
    }

    /** Inserts a new image; false when one with the same fingerprint exists already. */
    public boolean insert(Connection c, Image image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO images (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING")) {
            bind(ps, image);
            return ps.executeUpdate() == 1;
        }
    }

    /** Writes the user-editable fields: public, properties, expires_at. */
    public void updateEditable(Connection c, Image image) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE images SET public = ?, properties = ?::jsonb, expires_at = ? WHERE fingerprint = ?")) {
            ps.setBoolean(1, image.isPublic());
            ps.setString(2, Json.write(image.properties()));
            ps.setTimestamp(3, timestamp(image.expiresAt()));
            ps.setString(4, image.fingerprint());
            ps.executeUpdate();
        }
    }

    /** Records the sha256 of an image's files when its fingerprint is not that (OCI imports). */
    public void setContentSha256(Connection c, String fingerprint, String sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE images SET content_sha256 = ? WHERE fingerprint = ?")) {
            ps.setString(1, sha256);
            ps.setString(2, fingerprint);
            ps.executeUpdate();
        }
    }

    /** The sha256 of the image's files (blob, then rootfs): the fingerprint unless recorded otherwise. */
    public java.util.Optional<String> contentSha256(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(content_sha256, fingerprint) FROM images WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /** Deletes the image and, by cascade, its aliases; false when it was not there. */
    public boolean delete(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            return ps.executeUpdate() == 1;
        }
    }

    /** Locks the row of an exact fingerprint for the rest of the transaction. */
    public java.util.Optional<Image> lock(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM images WHERE fingerprint = ?"
                + " FOR UPDATE")) {
            ps.setString(1, fingerprint);
            return list(ps).stream().findFirst();
        }
    }

    /** Images whose fingerprint starts with {@code prefix} (lower-case hex), at most {@code limit} of them. */
    public List<Image> findByPrefix(Connection c, String prefix, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM images"
                + " WHERE starts_with(fingerprint, ?) ORDER BY fingerprint LIMIT ?")) {
            ps.setString(1, prefix);
            ps.setInt(2, limit);
            return list(ps);
        }
    }

    public List<Image> findAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM images ORDER BY fingerprint")) {
            return list(ps);
        }
    }

    private static List<Image> list(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Image> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    private static Image map(ResultSet rs) throws SQLException {
        return new Image(rs.getString("fingerprint"), rs.getString("filename"), rs.getLong("size"),
                rs.getString("architecture"), rs.getString("type"),
                properties(rs.getString("properties")),
                rs.getBoolean("public"), rs.getBoolean("auto_update"), instant(rs, "created_at"),
                instant(rs, "uploaded_at"), instant(rs, "last_used_at"), instant(rs, "expires_at"),
                rs.getBoolean("split"));
    }

    private static Map<String, String> properties(String json) throws SQLException {
        try {
            return Json.MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("malformed image properties: " + e.getOriginalMessage(), e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

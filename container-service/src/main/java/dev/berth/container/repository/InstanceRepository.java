package dev.berth.container.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.domain.PendingAction;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;

/** JDBC access to {@code container.instances}; every method runs on the caller's transaction. */
@ApplicationScoped
public class InstanceRepository {
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Map<String, String>>> DEVICES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    private static final String COLUMNS = "project, name, node, status, image_fingerprint, image_properties, config,"
            + " pid, last_exit_code, pending_operation, pending_action, created_at, last_used_at, profiles, devices,"
            + " pending_update";

    public Optional<InstanceRecord> find(Connection c, InstanceRef ref, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM instances WHERE project = ? AND name = ?"
                + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public List<InstanceRecord> list(Connection c, String project) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM instances WHERE project = ? ORDER BY name")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                List<InstanceRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    public List<InstanceRecord> listAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM instances ORDER BY project, name");
                ResultSet rs = ps.executeQuery()) {
            List<InstanceRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    /** Inserts a new instance; returns false when the name is taken (the row is left untouched). */
    public boolean insert(Connection c, InstanceRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO instances (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)"
                + " ON CONFLICT DO NOTHING")) {
            bind(ps, r);
            return ps.executeUpdate() == 1;
        }
    }

    public void update(Connection c, InstanceRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE instances SET node = ?, status = ?,"
                + " image_fingerprint = ?, image_properties = ?::jsonb, config = ?::jsonb, pid = ?, last_exit_code = ?,"
                + " pending_operation = ?, pending_action = ?, created_at = ?, last_used_at = ?, profiles = ?::jsonb,"
                + " devices = ?::jsonb, pending_update = ?::jsonb WHERE project = ? AND name = ?")) {
            ps.setString(1, r.node());
            ps.setString(2, r.status().name());
            ps.setString(3, r.imageFingerprint());
            ps.setString(4, Json.write(r.imageProperties()));
            ps.setString(5, Json.write(r.config()));
            setLong(ps, 6, r.pid());
            setInt(ps, 7, r.lastExitCode());
            ps.setString(8, r.pendingOperation());
            ps.setString(9, r.pendingAction() == null ? null : r.pendingAction().name());
            ps.setTimestamp(10, Timestamp.from(r.createdAt()));
            ps.setTimestamp(11, r.lastUsedAt() == null ? null : Timestamp.from(r.lastUsedAt()));
            ps.setString(12, Json.write(r.settings().profiles()));
            ps.setString(13, Json.write(r.settings().devices()));
            ps.setString(14, r.pendingUpdate() == null ? null : Json.write(r.pendingUpdate()));
            ps.setString(15, r.ref().project());
            ps.setString(16, r.ref().name());
            ps.executeUpdate();
        }
    }

    /** Gives the instance its new name; its snapshots follow (the foreign key cascades). */
    public void rename(Connection c, InstanceRef ref, String newName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE instances SET name = ? WHERE project = ? AND name = ?")) {
            ps.setString(1, newName);
            ps.setString(2, ref.project());
            ps.setString(3, ref.name());
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, InstanceRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM instances WHERE project = ? AND name = ?")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, InstanceRecord r) throws SQLException {
        ps.setString(1, r.ref().project());
        ps.setString(2, r.ref().name());
        ps.setString(3, r.node());
        ps.setString(4, r.status().name());
        ps.setString(5, r.imageFingerprint());
        ps.setString(6, Json.write(r.imageProperties()));
        ps.setString(7, Json.write(r.config()));
        setLong(ps, 8, r.pid());
        setInt(ps, 9, r.lastExitCode());
        ps.setString(10, r.pendingOperation());
        ps.setString(11, r.pendingAction() == null ? null : r.pendingAction().name());
        ps.setTimestamp(12, Timestamp.from(r.createdAt()));
        ps.setTimestamp(13, r.lastUsedAt() == null ? null : Timestamp.from(r.lastUsedAt()));
        ps.setString(14, Json.write(r.settings().profiles()));
        ps.setString(15, Json.write(r.settings().devices()));
        ps.setString(16, r.pendingUpdate() == null ? null : Json.write(r.pendingUpdate()));
    }

    private static InstanceRecord map(ResultSet rs) throws SQLException {
        String pending = rs.getString("pending_action");
        Timestamp lastUsed = rs.getTimestamp("last_used_at");
        long pid = rs.getLong("pid");
        Long pidOrNull = rs.wasNull() ? null : pid;
        int exit = rs.getInt("last_exit_code");
        Integer exitOrNull = rs.wasNull() ? null : exit;
        try {
            InstanceSettings settings = new InstanceSettings(
                    Json.MAPPER.readValue(rs.getString("config"), STRING_MAP),
                    Json.MAPPER.readValue(rs.getString("devices"), DEVICES),
                    Json.MAPPER.readValue(rs.getString("profiles"), NAMES));
            String update = rs.getString("pending_update");
            return new InstanceRecord(new InstanceRef(rs.getString("project"), rs.getString("name")),
                    rs.getString("node"), InstanceStatus.valueOf(rs.getString("status")),
                    rs.getString("image_fingerprint"),
                    Json.MAPPER.readValue(rs.getString("image_properties"), STRING_MAP), settings, pidOrNull,
                    exitOrNull, rs.getString("pending_operation"),
                    pending == null ? null : PendingAction.valueOf(pending),
                    rs.getTimestamp("created_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant(),
                    update == null ? null : Json.MAPPER.readValue(update, InstanceSettings.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("corrupt JSON in instance row", e);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }
}

package dev.berth.container.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.berth.container.domain.InstanceSettings;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;

/** JDBC access to {@code container.instance_snapshots}. */
@ApplicationScoped
public class SnapshotRepository {

    /** One snapshot: the settings it restores and when it was taken. */
    public record Snapshot(String name, InstanceSettings settings, Instant createdAt) {
    }

    public List<Snapshot> list(Connection c, InstanceRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, settings, created_at FROM instance_snapshots"
                + " WHERE project = ? AND instance = ? ORDER BY created_at, name")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                List<Snapshot> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    /** Every snapshot of the project's instances, by instance name, oldest first. */
    public java.util.Map<String, List<Snapshot>> listProject(Connection c, String project) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT instance, name, settings, created_at"
                + " FROM instance_snapshots WHERE project = ? ORDER BY instance, created_at, name")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                java.util.Map<String, List<Snapshot>> out = new java.util.HashMap<>();
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString("instance"), k -> new ArrayList<>()).add(map(rs));
                }
                return out;
            }
        }
    }

    public Optional<Snapshot> find(Connection c, InstanceRef ref, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, settings, created_at FROM instance_snapshots"
                + " WHERE project = ? AND instance = ? AND name = ?")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public void insert(Connection c, InstanceRef ref, Snapshot s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO instance_snapshots (project, instance, name,"
                + " settings, created_at) VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            ps.setString(3, s.name());
            ps.setString(4, Json.write(s.settings()));
            ps.setTimestamp(5, Timestamp.from(s.createdAt()));
            ps.executeUpdate();
        }
    }

    public void rename(Connection c, InstanceRef ref, String name, String newName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE instance_snapshots SET name = ? WHERE project = ? AND instance = ? AND name = ?")) {
            ps.setString(1, newName);
            ps.setString(2, ref.project());
            ps.setString(3, ref.name());
            ps.setString(4, name);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, InstanceRef ref, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM instance_snapshots WHERE project = ? AND instance = ? AND name = ?")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    private static Snapshot map(ResultSet rs) throws SQLException {
        try {
            return new Snapshot(rs.getString("name"),
                    Json.MAPPER.readValue(rs.getString("settings"), InstanceSettings.class),
                    rs.getTimestamp("created_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON in snapshot row", e);
        }
    }
}

package dev.berth.container.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Profile;

/** JDBC access to {@code container.profiles}; {@code usedBy} is filled in by the caller. */
@ApplicationScoped
public class ProfileRepository {
    /** Profiles are shared by every project, as in an LXD project without {@code features.profiles}. */
    public static final String PROJECT = "default";
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Map<String, String>>> DEVICES = new TypeReference<>() {
    };

    public List<Profile> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, description, config, devices FROM profiles WHERE project = ? ORDER BY name")) {
            ps.setString(1, PROJECT);
            try (ResultSet rs = ps.executeQuery()) {
                List<Profile> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(map(rs));
                }
                return out;
            }
        }
    }

    public Optional<Profile> find(Connection c, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, description, config, devices FROM profiles"
                + " WHERE project = ? AND name = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, PROJECT);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Returns false when the name is taken. */
    public boolean insert(Connection c, Profile p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profiles (project, name, description, config,"
                + " devices) VALUES (?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT DO NOTHING")) {
            ps.setString(1, PROJECT);
            ps.setString(2, p.name());
            ps.setString(3, p.description() == null ? "" : p.description());
            ps.setString(4, Json.write(p.config() == null ? Map.of() : p.config()));
            ps.setString(5, Json.write(p.devices() == null ? Map.of() : p.devices()));
            return ps.executeUpdate() == 1;
        }
    }

    public void update(Connection c, Profile p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE profiles SET description = ?, config = ?::jsonb,"
                + " devices = ?::jsonb WHERE project = ? AND name = ?")) {
            ps.setString(1, p.description() == null ? "" : p.description());
            ps.setString(2, Json.write(p.config() == null ? Map.of() : p.config()));
            ps.setString(3, Json.write(p.devices() == null ? Map.of() : p.devices()));
            ps.setString(4, PROJECT);
            ps.setString(5, p.name());
            ps.executeUpdate();
        }
    }

    public void rename(Connection c, String from, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE profiles SET name = ? WHERE project = ? AND name = ?")) {
            ps.setString(1, to);
            ps.setString(2, PROJECT);
            ps.setString(3, from);
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM profiles WHERE project = ? AND name = ?")) {
            ps.setString(1, PROJECT);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    /** The instances (as {@code project/name}) whose profile list names this profile. */
    public List<String[]> usedBy(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT project, name FROM instances WHERE profiles @> jsonb_build_array(?::text) ORDER BY project, name")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new String[]{rs.getString(1), rs.getString(2)});
                }
                return out;
            }
        }
    }

    /** The profiles with a {@code nic} device on managed network {@code network}, by name. */
    public List<String> withNetwork(Connection c, String network) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM profiles p WHERE EXISTS (SELECT 1 FROM "
                + "jsonb_each(p.devices) d WHERE d.value->>'type' = 'nic' AND d.value->>'network' = ?) ORDER BY name")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    private static Profile map(ResultSet rs) throws SQLException {
        try {
            return new Profile(rs.getString("name"), rs.getString("description"),
                    Json.MAPPER.readValue(rs.getString("config"), CONFIG),
                    Json.MAPPER.readValue(rs.getString("devices"), DEVICES), List.of(), PROJECT);
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt JSON in profile row", e);
        }
    }
}

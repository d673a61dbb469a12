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

/** JDBC access to {@code container.storage_pools}. */
@ApplicationScoped
public class StoragePoolRepository {
    private static final String COLUMNS = "name, driver, description, config, status, error, error_code";
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };

    /** Where a pool is in its life; only CREATED pools hold instances. */
    public enum Status {
        CREATING,
        CREATED,
        ERRORED,
        DELETING
    }

    /** One pool; {@code error} and {@code errorCode} are set while ERRORED (or after a failed delete). */
    public record Pool(String name, String driver, String description, Map<String, String> config, Status status,
            String error, Integer errorCode) {

        public Pool withStatus(Status next, String error, Integer errorCode) {
            return new Pool(name, driver, description, config, next, error, errorCode);
        }
    }

    public List<Pool> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM storage_pools ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            List<Pool> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    public Optional<Pool> find(Connection c, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM storage_pools WHERE name = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts the pool; false when one of that name exists. */
    public boolean insert(Connection c, Pool p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO storage_pools (" + COLUMNS
                + ") VALUES (?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            bind(ps, p);
            return ps.executeUpdate() == 1;
        }
    }

    public void update(Connection c, Pool p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE storage_pools SET driver = ?, description = ?,"
                + " config = ?::jsonb, status = ?, error = ?, error_code = ? WHERE name = ?")) {
            ps.setString(1, p.driver());
            ps.setString(2, p.description());
            ps.setString(3, json(p.config()));
            ps.setString(4, p.status().name());
            ps.setString(5, p.error());
            ps.setObject(6, p.errorCode());
            ps.setString(7, p.name());
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM storage_pools WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Pool p) throws SQLException {
        ps.setString(1, p.name());
        ps.setString(2, p.driver());
        ps.setString(3, p.description() == null ? "" : p.description());
        ps.setString(4, json(p.config()));
        ps.setString(5, p.status().name());
        ps.setString(6, p.error());
        ps.setObject(7, p.errorCode());
    }

    private static String json(Map<String, String> config) {
        return Json.write(config == null ? Map.of() : config);
    }

    private static Pool map(ResultSet rs) throws SQLException {
        try {
            Integer code = (Integer) rs.getObject("error_code");
            return new Pool(rs.getString("name"), rs.getString("driver"), rs.getString("description"),
                    Json.MAPPER.readValue(rs.getString("config"), CONFIG), Status.valueOf(rs.getString("status")),
                    rs.getString("error"), code);
        } catch (JsonProcessingException e) {
            throw new SQLException("bad config of storage pool " + rs.getString("name"), e);
        }
    }
}

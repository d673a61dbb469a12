package dev.berth.gateway.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;

/** JDBC access to {@code gateway.operations}. */
@ApplicationScoped
public class OperationRepository {
    private static final TypeReference<Map<String, List<String>>> RESOURCES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    public void insert(Operation op, String project) {
        sql("INSERT INTO operations (id, class, description, status_code, resources, metadata, err, project,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, ?::json, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, op.id());
                    ps.setString(2, op.operationClass());
                    ps.setString(3, op.description());
                    ps.setInt(4, op.statusCode());
                    ps.setString(5, Json.write(op.resources()));
                    ps.setString(6, op.metadata() == null ? null : Json.write(op.metadata()));
                    ps.setString(7, op.err());
                    ps.setString(8, project);
                    ps.setTimestamp(9, Timestamp.from(op.createdAt()));
                    ps.setTimestamp(10, Timestamp.from(op.updatedAt()));
                    ps.executeUpdate();
                    return null;
                });
    }

    /** Moves a running operation to its final state; returns false if it was already final (a redelivery). */
    public boolean finish(String id, StatusCode status, String err, Map<String, Object> metadata) {
        return sql("UPDATE operations SET status_code = ?, err = ?, metadata = ?::json, updated_at = now()"
                + " WHERE id = ? AND status_code < 200", ps -> {
                    ps.setInt(1, status.code());
                    ps.setString(2, err);
                    ps.setString(3, metadata == null ? null : Json.write(metadata));
                    ps.setString(4, id);
                    return ps.executeUpdate() == 1;
                });
    }

    public Optional<String> project(String id) {
        return sql("SELECT project FROM operations WHERE id = ?", ps -> {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    public Optional<Operation> find(String id) {
        return sql("SELECT * FROM operations WHERE id = ?", ps -> {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        });
    }

    /** The running trust-token operation whose {@code metadata.secret} is this, if any. */
    public Optional<Operation> findToken(String secret) {
        return sql("SELECT * FROM operations WHERE class = 'token' AND status_code < 200 AND metadata->>'secret' = ?",
                ps -> {
                    ps.setString(1, secret);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
                    }
                });
    }

    /**
     * Like Incus, the list shows running operations and those that ended in the last five seconds; a finished one
     * stays readable by id for a day, then it is pruned here.
     */
    public List<Operation> list(String project) {
        sql("DELETE FROM operations WHERE status_code >= 200 AND updated_at < now() - interval '1 day'",
                PreparedStatement::executeUpdate);
        return sql("SELECT * FROM operations WHERE project = ? AND (status_code < 200"
                + " OR updated_at > now() - interval '5 seconds') ORDER BY created_at", ps -> {
                    ps.setString(1, project);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<Operation> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(map(rs));
                        }
                        return out;
                    }
                });
    }

    private static Operation map(ResultSet rs) throws SQLException {
        try {
            int code = rs.getInt("status_code");
            String metadata = rs.getString("metadata");
            return new Operation(rs.getString("id"), rs.getString("class"), rs.getString("description"),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    StatusCode.of(code).text(), code, Json.MAPPER.readValue(rs.getString("resources"), RESOURCES),
                    metadata == null ? null : Json.MAPPER.readValue(metadata, METADATA),
                    "token".equals(rs.getString("class")) && code < 200, rs.getString("err"),
                    "none");
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt operation row", e);
        }
    }

    @FunctionalInterface
    private interface Statement<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    private <T> T sql(String sql, Statement<T> body) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            return body.run(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }
}

package dev.berth.gateway.trust;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Certificate;

/** JDBC access to the trust store, {@code gateway.certificates}. */
@ApplicationScoped
public class CertificateRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    /** Inserts a certificate; false when that fingerprint is already trusted. */
    public boolean insert(Certificate c) {
        return sql("INSERT INTO certificates (fingerprint, type, name, certificate, restricted, projects, description)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (fingerprint) DO NOTHING", ps -> {
                    bind(ps, c);
                    return ps.executeUpdate() == 1;
                });
    }

    public boolean update(Certificate c) {
        return sql("UPDATE certificates SET type = ?, name = ?, certificate = ?, restricted = ?, projects = ?::jsonb,"
                + " description = ? WHERE fingerprint = ?", ps -> {
                    ps.setString(1, c.type());
                    ps.setString(2, c.name());
                    ps.setString(3, c.certificate());
                    ps.setBoolean(4, c.restricted());
                    ps.setString(5, Json.write(c.projects()));
                    ps.setString(6, c.description());
                    ps.setString(7, c.fingerprint());
                    return ps.executeUpdate() == 1;
                });
    }

    public boolean delete(String fingerprint) {
        return sql("DELETE FROM certificates WHERE fingerprint = ?", ps -> {
            ps.setString(1, fingerprint);
            return ps.executeUpdate() == 1;
        });
    }

    /**
     * Whether a client certificate with this exact fingerprint is trusted (one primary-key probe). A restricted one
     * counts only if its projects include {@code default}, the one project Berth has.
     */
    public boolean trusted(String fingerprint) {
        return sql("SELECT 1 FROM certificates WHERE fingerprint = ? AND type = 'client'"
                + " AND (NOT restricted OR projects @> '[\"default\"]'::jsonb)", ps -> {
                    ps.setString(1, fingerprint);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                });
    }

    /** The certificates whose fingerprint starts with {@code prefix} (at most two: enough to see ambiguity). */
    public List<Certificate> byPrefix(String prefix) {
        return sql("SELECT * FROM certificates WHERE fingerprint LIKE ? ORDER BY fingerprint LIMIT 2", ps -> {
            ps.setString(1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            return rows(ps);
        });
    }

    public Optional<Certificate> find(String fingerprint) {
        return sql("SELECT * FROM certificates WHERE fingerprint = ?", ps -> {
            ps.setString(1, fingerprint);
            return rows(ps).stream().findFirst();
        });
    }

    public List<Certificate> list() {
        return sql("SELECT * FROM certificates ORDER BY name, fingerprint", CertificateRepository::rows);
    }

    private static void bind(PreparedStatement ps, Certificate c) throws SQLException {
        ps.setString(1, c.fingerprint());
        ps.setString(2, c.type());
        ps.setString(3, c.name());
        ps.setString(4, c.certificate());
        ps.setBoolean(5, c.restricted());
        ps.setString(6, Json.write(c.projects()));
        ps.setString(7, c.description());
    }

    private static List<Certificate> rows(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<Certificate> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Certificate(rs.getString("name"), rs.getString("type"), rs.getBoolean("restricted"),
                        Json.MAPPER.readValue(rs.getString("projects"), STRINGS), rs.getString("certificate"),
                        rs.getString("fingerprint"), rs.getString("description")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt certificate row", e);
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

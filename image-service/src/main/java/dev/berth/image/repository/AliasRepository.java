package dev.berth.image.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.image.domain.ImageAlias;

/** JDBC access to {@code image.aliases}; every method runs on the caller's transaction. */
@ApplicationScoped
public class AliasRepository {

    /** Creates the alias or points it at a new target; the description is replaced too. */
    public void upsert(Connection c, ImageAlias alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aliases (name, target, description)"
                + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET target = EXCLUDED.target,"
                + " description = EXCLUDED.description")) {
            ps.setString(1, alias.name());
            ps.setString(2, alias.target());
            ps.setString(3, alias.description());
            ps.executeUpdate();
        }
    }

    public Optional<ImageAlias> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, target, description FROM aliases WHERE name = ?")) {
            ps.setString(1, name);
            List<ImageAlias> found = list(ps);
            return found.stream().findFirst();
        }
    }

    public List<ImageAlias> findByTarget(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, target, description FROM aliases WHERE target = ? ORDER BY name")) {
            ps.setString(1, fingerprint);
            return list(ps);
        }
    }

    public List<ImageAlias> findAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, target, description FROM aliases ORDER BY name")) {
            return list(ps);
        }
    }

    private static List<ImageAlias> list(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<ImageAlias> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new ImageAlias(rs.getString("name"), rs.getString("target"), rs.getString("description")));
            }
            return out;
        }
    }
}

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

    /** Creates the alias; false when the name is taken. */
    public boolean insert(Connection c, ImageAlias alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aliases (name, target, description)"
                + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, alias.name());
            ps.setString(2, alias.target());
            ps.setString(3, alias.description());
            return ps.executeUpdate() == 1;
        }
    }

    /** Points an existing alias at {@code target} with {@code description}. */
    public void update(Connection c, ImageAlias alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE aliases SET target = ?, description = ? WHERE name = ?")) {
            ps.setString(1, alias.target());
            ps.setString(2, alias.description());
            ps.setString(3, alias.name());
            ps.executeUpdate();
        }
    }

    /** Renames an alias; false when {@code newName} is taken. */
    public boolean rename(Connection c, String name, String newName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE aliases SET name = ? WHERE name = ?"
                + " AND NOT EXISTS (SELECT 1 FROM aliases WHERE name = ?)")) {
            ps.setString(1, newName);
            ps.setString(2, name);
            ps.setString(3, newName);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM aliases WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        }
    }

    /** Locks the alias row for the rest of the transaction. */
    public Optional<ImageAlias> lock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, target, description FROM aliases WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            return list(ps).stream().findFirst();
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

package dev.berth.container.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.contracts.InstanceRef;

/** JDBC access to {@code container.instance_renames}: the names that renames in flight have reserved. */
@ApplicationScoped
public class RenameRepository {

    /** Reserves {@code to} for instance {@code from}; false when it is reserved already. */
    public boolean reserve(Connection c, InstanceRef to, String from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO instance_renames (project, name, instance) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, to.project());
            ps.setString(2, to.name());
            ps.setString(3, from);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean isReserved(Connection c, InstanceRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM instance_renames WHERE project = ? AND name = ?")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the reservations of instance {@code ref} (its rename finished or failed); returns the names. */
    public java.util.List<String> release(Connection c, InstanceRef ref) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM instance_renames WHERE project = ? AND instance = ? RETURNING name")) {
            ps.setString(1, ref.project());
            ps.setString(2, ref.name());
            try (ResultSet rs = ps.executeQuery()) {
                java.util.List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}

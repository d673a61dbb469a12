package dev.berth.network.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.berth.contracts.Json;
import dev.berth.network.domain.NetworkRecord;
import dev.berth.network.domain.NetworkStatus;

/** JDBC access to {@code networks} and the one-time {@code bootstrap} steps. */
@ApplicationScoped
public class NetworkRepository {
    private static final String COLUMNS = "name, type, description, config, status";
    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() {
    };
    /** The advisory lock that orders every change to the set of subnets, so overlap checks see each other. */
    private static final long SUBNETS_LOCK = 0x6e65747375626e4cL;

    public List<NetworkRecord> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM networks ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            List<NetworkRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        }
    }

    /** The network; {@code forUpdate} locks its row until the transaction ends (IPAM and deletes take it). */
    public Optional<NetworkRecord> find(Connection c, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM networks WHERE name = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts the network; false when one of that name exists. */
    public boolean insert(Connection c, NetworkRecord n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO networks (" + COLUMNS
                + ") VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, n.name());
            ps.setString(2, n.type());
            ps.setString(3, n.description() == null ? "" : n.description());
            ps.setString(4, Json.write(n.config()));
            ps.setString(5, n.status().name());
            return ps.executeUpdate() == 1;
        }
    }

    public void update(Connection c, NetworkRecord n) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE networks SET description = ?, config = ?::jsonb, status = ? WHERE name = ?")) {
            ps.setString(1, n.description());
            ps.setString(2, Json.write(n.config()));
            ps.setString(3, n.status().name());
            ps.setString(4, n.name());
            ps.executeUpdate();
        }
    }

    /** Renames the network; allocations follow by ON UPDATE CASCADE. False when the new name is taken. */
    public boolean rename(Connection c, String from, String to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE networks SET name = ? WHERE name = ?"
                + " AND NOT EXISTS (SELECT 1 FROM networks WHERE name = ?)")) {
            ps.setString(1, to);
            ps.setString(2, from);
            ps.setString(3, to);
            return ps.executeUpdate() == 1;
        }
    }

    public void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM networks WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    /** Serialises subnet choices and overlap checks across concurrent creates and updates (and service instances). */
    public void lockSubnets(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, SUBNETS_LOCK);
            ps.execute();
        }
    }

    /** Records a one-time step; false when it was already done. Call under {@link #lockSubnets}. */
    public boolean markDone(Connection c, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO bootstrap (step) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, step);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean answers(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 FROM networks LIMIT 1")) {
            return true;
        }
    }

    private static NetworkRecord map(ResultSet rs) throws SQLException {
        try {
            return new NetworkRecord(rs.getString("name"), rs.getString("type"), rs.getString("description"),
                    Json.MAPPER.readValue(rs.getString("config"), CONFIG),
                    NetworkStatus.valueOf(rs.getString("status")));
        } catch (JsonProcessingException e) {
            throw new SQLException("bad config of network " + rs.getString("name"), e);
        }
    }
}

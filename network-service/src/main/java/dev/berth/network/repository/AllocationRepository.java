package dev.berth.network.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.contracts.config.Subnets;
import dev.berth.network.domain.NicAddress;

/**
 * JDBC access to {@code allocations}. Its unique keys (network + address, network + NIC, network + MAC) make a
 * duplicate impossible even if a caller forgot the network row lock; {@link #insert} reports such a clash.
 */
@ApplicationScoped
public class AllocationRepository {
    /** PostgreSQL's unique_violation. */
    public static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "network, project, instance, device, hwaddr, host(ipv4), static";

    public List<NicAddress> byNetwork(Connection c, String network) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM allocations WHERE network = ? ORDER BY ipv4", network);
    }

    /** The NIC's allocation, on whichever network it is. */
    public Optional<NicAddress> byNic(Connection c, String project, String instance, String device)
            throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM allocations WHERE project = ? AND instance = ? AND device = ?",
                project, instance, device).stream().findFirst();
    }

    public List<NicAddress> byInstance(Connection c, String project, String instance) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM allocations WHERE project = ? AND instance = ? FOR UPDATE",
                project, instance);
    }

    /** Who holds {@code ipv4} on the network, if anyone. */
    public Optional<NicAddress> byAddress(Connection c, String network, String ipv4) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM allocations WHERE network = ? AND ipv4 = ?::inet", network,
                ipv4).stream().findFirst();
    }

    /** The addresses taken on the network, as ints. */
    public Set<Integer> addresses(Connection c, String network) throws SQLException {
        Set<Integer> out = new HashSet<>();
        for (NicAddress a : byNetwork(c, network)) {
            if (a.ipv4() != null) {
                out.add(Subnets.parseAddress(a.ipv4()));
            }
        }
        return out;
    }

    public Set<String> hwaddrs(Connection c, String network) throws SQLException {
        Set<String> out = new HashSet<>();
        for (NicAddress a : byNetwork(c, network)) {
            out.add(a.hwaddr());
        }
        return out;
    }

    /** Inserts the allocation; a unique-key clash surfaces as an SQLException with state {@value #UNIQUE_VIOLATION}. */
    public void insert(Connection c, NicAddress a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO allocations (network, project, instance, device,"
                + " hwaddr, ipv4, static) VALUES (?, ?, ?, ?, ?, ?::inet, ?)")) {
            ps.setString(1, a.network());
            ps.setString(2, a.project());
            ps.setString(3, a.instance());
            ps.setString(4, a.device());
            ps.setString(5, a.hwaddr());
            ps.setString(6, a.ipv4());
            ps.setBoolean(7, a.isStatic());
            ps.executeUpdate();
        }
    }

    /** Releases one NIC's allocation, or all of the instance's when {@code device} is null; returns them. */
    public List<NicAddress> delete(Connection c, String project, String instance, String device)
            throws SQLException {
        String sql = "DELETE FROM allocations WHERE project = ? AND instance = ?"
                + (device == null ? "" : " AND device = ?") + " RETURNING " + COLUMNS;
        return device == null ? query(c, sql, project, instance) : query(c, sql, project, instance, device);
    }

    /** Gives the instance's allocations to {@code to}, stamped as allocated now; returns them. */
    public List<NicAddress> rename(Connection c, String project, String from, String to) throws SQLException {
        return query(c, "UPDATE allocations SET instance = ?, created_at = now() WHERE project = ? AND instance = ?"
                + " RETURNING " + COLUMNS, to, project, from);
    }

    /** Deletes the instance's addresses allocated at or before {@code until} (not those of a newer namesake). */
    public List<NicAddress> deleteAllocatedBy(Connection c, String project, String instance, java.time.Instant until)
            throws SQLException {
        String sql = "DELETE FROM allocations WHERE project = ? AND instance = ? AND created_at <= ? RETURNING "
                + COLUMNS;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, project);
            ps.setString(2, instance);
            ps.setTimestamp(3, java.sql.Timestamp.from(until));
            try (ResultSet rs = ps.executeQuery()) {
                List<NicAddress> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    private static List<NicAddress> query(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<NicAddress> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        }
    }

    private static NicAddress row(ResultSet rs) throws SQLException {
        return new NicAddress(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7));
    }
}

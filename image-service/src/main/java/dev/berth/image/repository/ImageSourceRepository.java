package dev.berth.image.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.berth.image.domain.ImageSource;

/** JDBC access to {@code image_sources}; every method runs on the caller's transaction. */
@ApplicationScoped
public class ImageSourceRepository {
    private static final String SELECT = "SELECT fingerprint, server, protocol, alias, certificate, image_type"
            + " FROM image_sources";

    /** Records the source of a cached image; an existing record is kept. */
    public void insert(Connection c, ImageSource source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO image_sources (fingerprint, server, protocol,"
                + " alias, certificate, image_type) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING")) {
            ps.setString(1, source.fingerprint());
            ps.setString(2, source.server());
            ps.setString(3, source.protocol());
            ps.setString(4, source.alias());
            ps.setString(5, source.certificate());
            ps.setString(6, source.imageType());
            ps.executeUpdate();
        }
    }

    public Optional<ImageSource> find(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            return list(ps).stream().findFirst();
        }
    }

    public List<ImageSource> findAll(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            return list(ps);
        }
    }

    private static List<ImageSource> list(PreparedStatement ps) throws SQLException {
        List<ImageSource> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ImageSource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        }
        return out;
    }
}

package dev.berth.image.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

/** Looks at what image-service stored: rows in image_test and files in the blob store. */
public final class StoreProbe {
    private final DataSource dataSource;
    private final Path blobDir;

    public StoreProbe(DataSource dataSource, Path blobDir) {
        this.dataSource = dataSource;
        this.blobDir = blobDir;
    }

    public long imageRows() throws SQLException {
        return count("SELECT count(*) FROM images");
    }

    public long aliasRows() throws SQLException {
        return count("SELECT count(*) FROM aliases");
    }

    /** Every file in the blob store, temp files included. */
    public List<String> files() throws IOException {
        if (!Files.isDirectory(blobDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(blobDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Removes every image but the built-in one, and its blobs, so each test starts from the same store. */
    public void resetExcept(String keepFingerprint) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM images WHERE fingerprint <> ?")) {
            ps.setString(1, keepFingerprint);
            ps.executeUpdate();
        }
        for (String f : files()) {
            if (!f.equals(keepFingerprint)) {
                Files.deleteIfExists(blobDir.resolve(f));
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package dev.berth.support.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Runs a unit of work in one PostgreSQL transaction, committing on success and rolling back on any failure. */
@ApplicationScoped
public class Tx {

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Resolved lazily: services without a datasource (the host-executor) carry this bean unused. */
    @Inject
    Instance<DataSource> dataSource;

    public <T> T run(Work<T> work) {
        try (Connection c = dataSource.get().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }
}

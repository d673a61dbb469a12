package dev.berth.network.rest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The managed networks this service owns (none until the networks issue), and its readiness. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class NetworksResource {

    @Inject
    DataSource dataSource;

    @GET
    @Path("/networks")
    public List<String> names() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM networks ORDER BY name")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** Ready once the schema is migrated and the database answers. */
    @GET
    @Path("/ready")
    public Response ready() throws SQLException {
        names();
        return Response.ok("ready").build();
    }
}

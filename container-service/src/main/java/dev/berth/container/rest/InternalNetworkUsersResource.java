package dev.berth.container.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.container.repository.ProfileRepository;
import dev.berth.support.jdbc.Tx;

/**
 * {@code GET /internal/networks/{name}/users}, for network-service (not forwarded by the gateway): the profiles whose
 * NICs join the network, as LXD lists them in a network's {@code used_by}, so a network in use is not deleted.
 */
@Path("/internal/networks/{name}/users")
@Produces(MediaType.APPLICATION_JSON)
public class InternalNetworkUsersResource {

    @Inject
    Tx tx;
    @Inject
    ProfileRepository profiles;

    @GET
    public List<String> users(@PathParam("name") String network) {
        return tx.run(c -> profiles.withNetwork(c, network)).stream().map(name -> "/1.0/profiles/" + name).toList();
    }
}

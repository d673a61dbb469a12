package dev.berth.container.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.service.ProfileService;
import dev.berth.container.service.ProfileService.Refusal;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.lxd.StoragePool;
import dev.berth.support.jdbc.Tx;

/**
 * {@code /1.0/storage-pools}: the node's one pool so far, {@code default}, an overlay pool (a shared read-only image
 * layer under each instance's own layer), with the instances and profiles whose root disk is on it.
 */
@Path("/1.0/storage-pools")
@Produces(MediaType.APPLICATION_JSON)
public class StoragePoolsResource {
    static final String DEFAULT = "default";

    @Inject
    Tx tx;
    @Inject
    InstanceRepository instances;
    @Inject
    ProfileService profiles;

    @GET
    public dev.berth.contracts.lxd.Response list(@QueryParam("recursion") @DefaultValue("0") int recursion) {
        return dev.berth.contracts.lxd.Response.sync(recursion == 0
                ? List.of("/1.0/storage-pools/" + DEFAULT)
                : List.of(pool()));
    }

    @GET
    @Path("/{name}")
    public dev.berth.contracts.lxd.Response get(@PathParam("name") String name) {
        if (!DEFAULT.equals(name)) {
            throw new Refusal(404, "Storage pool \"" + name + "\" not found");
        }
        return dev.berth.contracts.lxd.Response.sync(pool());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public dev.berth.contracts.lxd.Response create(String body) {
        throw new Refusal(400, "Creating storage pools is not supported yet: every node has the overlay pool"
                + " \"default\"");
    }

    @DELETE
    @Path("/{name}")
    public dev.berth.contracts.lxd.Response delete(@PathParam("name") String name) {
        throw new Refusal(DEFAULT.equals(name) ? 400 : 404, DEFAULT.equals(name)
                ? "The storage pool \"default\" is the node's only pool and cannot be deleted"
                : "Storage pool \"" + name + "\" not found");
    }

    private StoragePool pool() {
        List<String> usedBy = new ArrayList<>();
        tx.run(c -> {
            Map<String, Profile> all = profiles.byName(c);
            for (Profile p : all.values()) {
                if (p.devices().values().stream()
                        .anyMatch(d -> Devices.isRootDisk(d) && DEFAULT.equals(d.get("pool")))) {
                    usedBy.add("/1.0/profiles/" + p.name());
                }
            }
            for (InstanceRecord r : instances.listAll(c)) {
                boolean onPool = ProfileService.expand(r.settings(), all).devices().values().stream()
                        .anyMatch(d -> Devices.isRootDisk(d) && DEFAULT.equals(d.get("pool")));
                if (onPool) {
                    usedBy.add(r.ref().url());
                }
            }
            return null;
        });
        usedBy.sort(null);
        return new StoragePool(DEFAULT, "overlay", "The node's overlay pool", Map.of(), usedBy, "Created",
                List.of("none"));
    }
}

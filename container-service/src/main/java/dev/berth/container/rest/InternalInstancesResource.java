package dev.berth.container.rest;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.SnapshotRepository;
import dev.berth.support.jdbc.Tx;
import dev.berth.container.service.InstanceViews;
import dev.berth.container.service.ProfileService;
import dev.berth.contracts.lxd.InstanceSnapshot;
import dev.berth.contracts.lxd.Profile;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.lxd.Instance;
import dev.berth.contracts.lxd.InstanceState;

/** Read side of the instances for the gateway: LXD-shaped, plain JSON, no envelope. */
@Path("/internal/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InternalInstancesResource {

    @Inject
    Tx tx;
    @Inject
    InstanceRepository instances;
    @Inject
    InstanceViews views;
    @Inject
    ProfileService profileService;
    @Inject
    SnapshotRepository snapshotRepository;

    @GET
    public List<Instance> list(@QueryParam("project") @DefaultValue("default") String project,
            @QueryParam("state") @DefaultValue("false") boolean withState) {
        record Listing(List<InstanceRecord> records, Map<String, Profile> profiles,
                Map<String, List<SnapshotRepository.Snapshot>> snapshots) {
        }
        Listing l = tx.run(c -> new Listing(instances.list(c, project), profileService.byName(c),
                withState ? snapshotRepository.listProject(c, project) : Map.of()));
        return withState
                ? views.fullAll(l.records(), l.profiles()).stream()
                        .map(i -> i.withSnapshots(lxd(l.snapshots().getOrDefault(i.name(), List.of())))).toList()
                : l.records().stream().map(r -> views.instance(r, l.profiles())).toList();
    }

    /** The instance; {@code state=true} gives the full instance (state and snapshots), as recursion=1 shows it. */
    @GET
    @Path("/{name}")
    public Instance get(@PathParam("name") String name, @QueryParam("project") @DefaultValue("default") String project,
            @QueryParam("state") @DefaultValue("false") boolean withState) {
        if (!withState) {
            // one transaction (an exec looks its instance up this way): the record and the profiles it names
            record Found(InstanceRecord record, Map<String, Profile> profiles) {
            }
            Found found = tx.run(c -> {
                java.util.Optional<InstanceRecord> r = instances.find(c, new InstanceRef(project, name), false);
                return r.isPresent() ? new Found(r.get(), profileService.byName(c)) : null;
            });
            if (found == null) {
                throw new NotFoundException("Instance not found");
            }
            return views.instance(found.record(), found.profiles());
        }
        InstanceRecord r = find(project, name);
        record Read(Map<String, Profile> profiles, List<SnapshotRepository.Snapshot> snapshots) {
        }
        Read read = tx.run(c -> new Read(profileService.byName(c), snapshotRepository.list(c, r.ref())));
        return views.full(r, read.profiles()).withSnapshots(lxd(read.snapshots()));
    }

    @GET
    @Path("/{name}/snapshots")
    public List<InstanceSnapshot> snapshots(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        InstanceRecord r = find(project, name);
        return lxd(tx.run(c -> snapshotRepository.list(c, r.ref())));
    }

    private static List<InstanceSnapshot> lxd(List<SnapshotRepository.Snapshot> snapshots) {
        return snapshots.stream()
                .map(s -> new InstanceSnapshot(s.name(), s.createdAt(), false, "x86_64", s.settings().config(),
                        s.settings().devices(), s.settings().profiles(), false, "", null, null, -1))
                .toList();
    }

    @GET
    @Path("/{name}/state")
    public InstanceState state(@PathParam("name") String name,
            @QueryParam("project") @DefaultValue("default") String project) {
        return views.state(find(project, name));
    }

    private InstanceRecord find(String project, String name) {
        return tx.run(c -> instances.find(c, new InstanceRef(project, name), false))
                .orElseThrow(() -> new NotFoundException("Instance not found"));
    }
}

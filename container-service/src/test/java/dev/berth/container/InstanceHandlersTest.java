package dev.berth.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.container.domain.InstanceRecord;
import dev.berth.container.domain.InstanceSettings;
import dev.berth.container.domain.InstanceStatus;
import dev.berth.container.domain.PendingAction;
import dev.berth.container.repository.InstanceRepository;
import dev.berth.container.repository.SnapshotRepository;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.jdbc.Tx;
import dev.berth.container.service.HostEventHandler;
import dev.berth.container.service.InstanceCommandHandler;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;
import dev.berth.contracts.Topics;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.ImagePublish;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.contracts.messaging.InstanceCommand.StateAction;
import dev.berth.contracts.messaging.Message;
import io.quarkus.test.junit.QuarkusTest;

/** The handlers against the real PostgreSQL: state changes, outbox rows and dedupe in one transaction. */
@QuarkusTest
class InstanceHandlersTest {

    @Inject
    InstanceCommandHandler commands;
    @Inject
    HostEventHandler events;
    @Inject
    InstanceRepository instances;
    @Inject
    Tx tx;
    @Inject
    SnapshotRepository snapshots;

    @Test
    void shouldChangeNothingWhenACommandIsRedelivered() {
        // Given a stopped instance and a start command
        InstanceRef ref = given(InstanceStatus.STOPPED);
        Message<InstanceCommand> start = command("op-" + UUID.randomUUID(),
                new InstanceCommand.ChangeInstanceState(ref.name(), StateAction.START, 30, false));

        // When it is delivered twice
        List<OutboxRow> first = commands.handle(start);
        List<OutboxRow> second = commands.handle(start);

        // Then the first produced one StartContainer for the node and the second nothing
        assertThat(first).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.HOST_COMMANDS);
            assertThat(row.key()).isEqualTo("local");
            assertThat(row.value()).contains("\"type\":\"StartContainer\"");
        });
        assertThat(second).isEmpty();
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STARTING);
        assertThat(load(ref).pendingAction()).isEqualTo(PendingAction.START);
    }

    @Test
    void shouldFailTheOperationWith400WhenDeletingARunningInstance() {
        InstanceRef ref = given(InstanceStatus.RUNNING);
        String op = "op-" + UUID.randomUUID();

        List<OutboxRow> out = commands.handle(command(op, new InstanceCommand.DeleteInstance(ref.name())));

        assertThat(out).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.OPERATIONS);
            JsonNode payload = Json.MAPPER.readTree(row.value()).path("payload");
            assertThat(payload.path("type").asText()).isEqualTo("OperationFailed");
            assertThat(payload.path("code").asInt()).isEqualTo(400);
            assertThat(payload.path("error").asText()).isEqualTo("Instance is running");
        });
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.RUNNING);
    }

    @Test
    void shouldFailWith404WhenTheInstanceIsUnknown() {
        List<OutboxRow> out = commands.handle(command("op-x", new InstanceCommand.ChangeInstanceState("ghost-"
                + System.nanoTime(), StateAction.STOP, 30, false)));
        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("\"code\":404"));
    }

    @Test
    void shouldRunAndFinishTheOperationWhenTheHostReportsStarted() throws Exception {
        // Given a start in flight
        InstanceRef ref = given(InstanceStatus.STOPPED);
        String op = "op-" + UUID.randomUUID();
        commands.handle(command(op, new InstanceCommand.ChangeInstanceState(ref.name(), StateAction.START, 30,
                false)));

        // When the executor reports the container started
        Envelope env = Envelope.root(op, "default");
        env.stamp("executor.published");
        List<OutboxRow> out = events.handle(new Message<>(env, new HostEvent.ContainerStarted("local", "default",
                ref.name(), 4242)));

        // Then the instance runs with that pid, a lifecycle CloudEvent and the operation's success are published
        InstanceRecord r = load(ref);
        assertThat(r.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(r.pid()).isEqualTo(4242);
        assertThat(r.pendingOperation()).isNull();
        assertThat(out).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE, Topics.OPERATIONS);
        assertThat(out.get(0).contentType()).startsWith("application/cloudevents+json");
        JsonNode success = Json.MAPPER.readTree(out.get(1).value());
        assertThat(success.path("payload").path("type").asText()).isEqualTo("OperationSucceeded");
        assertThat(success.path("envelope").path("trace").fieldNames()).toIterable()
                .containsSubsequence("executor.published", "container.event_received",
                        "container.operation_published");
    }

    @Test
    void shouldReportTheStopThenTheRestartAndFinishTheOperationWhenTheHostRestartsTheContainer() {
        // Given a restart in flight
        InstanceRef ref = given(InstanceStatus.RUNNING);
        String op = "op-" + UUID.randomUUID();
        commands.handle(command(op, new InstanceCommand.ChangeInstanceState(ref.name(), StateAction.RESTART, 30,
                false)));
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STOPPING);

        // When the executor reports the old init stopped
        List<OutboxRow> stopped = events.handle(new Message<>(Envelope.root(op, "default"),
                new HostEvent.ContainerStopped("local", "default", ref.name(), 0, true)));

        // Then the instance is Starting, with the exit code, and instance-stopped goes out
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STARTING);
        assertThat(load(ref).lastExitCode()).isZero();
        assertThat(stopped).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE);
        assertThat(stopped.get(0).value()).contains("instance-stopped");

        // When it reports the new init started
        List<OutboxRow> started = events.handle(new Message<>(Envelope.root(op, "default"),
                new HostEvent.ContainerStarted("local", "default", ref.name(), 4343)));

        // Then the instance runs that init, instance-restarted goes out (as LXD's), and the operation succeeds
        InstanceRecord r = load(ref);
        assertThat(r.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(r.pid()).isEqualTo(4343);
        assertThat(r.pendingOperation()).isNull();
        assertThat(started).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE, Topics.OPERATIONS);
        assertThat(started.get(0).value()).contains("instance-restarted").doesNotContain("instance-started");
    }

    @Test
    void shouldStopWithoutFinishingAnyOperationWhenInitExitsByItself() {
        // Given a running instance with no operation in flight
        InstanceRef ref = given(InstanceStatus.RUNNING);

        // When its init exits by itself
        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(null, "default"),
                new HostEvent.ContainerStopped("local", "default", ref.name(), 137, false)));

        // Then it is Stopped with the exit code and only a lifecycle event goes out
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(load(ref).lastExitCode()).isEqualTo(137);
        assertThat(out).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE);
        assertThat(out.get(0).value()).contains("instance-stopped").contains("\"exit_code\":137");
    }

    @Test
    void shouldRemoveTheRecordWhenTheHostFailsToCreate() {
        // Given a create in flight
        String op = "op-" + UUID.randomUUID();
        InstanceRef ref = InstanceRef.of("hc-" + Long.toHexString(System.nanoTime()));
        tx.run(c -> instances.insert(c, new InstanceRecord(ref, "local", InstanceStatus.CREATING, "fp", Map.of(),
                new InstanceSettings(Map.of(), null, null), null, null, op, PendingAction.CREATE_AND_START,
                Instant.now(), null, null)));

        // When the executor reports failure
        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(op, "default"),
                new HostEvent.HostCommandFailed("local", "default", ref.name(), "CreateContainer", "disk full")));

        // Then no half-made instance remains and the operation fails with the host's reason
        java.util.Optional<InstanceRecord> left = tx.run(c -> instances.find(c, ref, false));
        assertThat(left).isEmpty();
        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("disk full"));
    }

    @Test
    void shouldPublishAStoppedInstanceAndFinishWithTheFingerprintWhenTheHostReportsIt() throws Exception {
        // Given a stopped instance and a publish command
        InstanceRef ref = given(InstanceStatus.STOPPED);
        String op = "op-" + UUID.randomUUID();
        ImagePublish image = new ImagePublish(Map.of("os", "berthOS"), List.of("mine"), false, "xz");

        // When it is handled
        List<OutboxRow> sent = commands.handle(command(op, new InstanceCommand.PublishInstance(ref.name(), image)));

        // Then the node gets a PublishContainer aimed at image-service's upload endpoint, and the instance is busy
        assertThat(sent).singleElement().satisfies(row -> {
            assertThat(row.topic()).isEqualTo(Topics.HOST_COMMANDS);
            JsonNode payload = Json.MAPPER.readTree(row.value()).path("payload");
            assertThat(payload.path("type").asText()).isEqualTo("PublishContainer");
            assertThat(payload.path("uploadUrl").asText()).endsWith("/1.0/images");
            assertThat(payload.path("image").path("compression").asText()).isEqualTo("xz");
        });
        assertThat(load(ref).pendingAction()).isEqualTo(PendingAction.PUBLISH);
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STOPPED);

        // When the executor reports the image stored
        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(op, "default"),
                new HostEvent.ContainerPublished("local", "default", ref.name(), "ab".repeat(32), 1234)));

        // Then the operation succeeds with LXD's metadata (size as a string) and the instance is free again
        assertThat(out).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE, Topics.OPERATIONS);
        JsonNode meta = Json.MAPPER.readTree(out.get(1).value()).path("payload").path("metadata");
        assertThat(meta.path("fingerprint").asText()).isEqualTo("ab".repeat(32));
        assertThat(meta.path("size").asText()).isEqualTo("1234");
        assertThat(load(ref).pendingOperation()).isNull();
    }

    @Test
    void shouldFailThePublishWithTheHostsCodeAndLeaveTheInstanceStopped() {
        InstanceRef ref = given(InstanceStatus.STOPPED);
        String op = "op-" + UUID.randomUUID();
        commands.handle(command(op, new InstanceCommand.PublishInstance(ref.name(),
                new ImagePublish(Map.of(), List.of("taken"), false, null))));

        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(op, "default"), new HostEvent.HostCommandFailed(
                "local", "default", ref.name(), "PublishContainer", "Alias \"taken\" already exists", 409)));

        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("\"code\":409")
                .contains("already exists"));
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STOPPED);
        assertThat(load(ref).pendingOperation()).isNull();
    }

    @Test
    void shouldRefuseToPublishARunningInstance() {
        InstanceRef ref = given(InstanceStatus.RUNNING);

        List<OutboxRow> out = commands.handle(command("op-" + UUID.randomUUID(),
                new InstanceCommand.PublishInstance(ref.name(), new ImagePublish(null, null, false, null))));

        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("\"code\":400")
                .contains("running"));
        assertThat(load(ref).pendingOperation()).isNull();
    }

    @Test
    void shouldRenameTheRecordAndItsSnapshotsOnceTheHostHasRenamedTheContainer() throws Exception {
        // Given a stopped instance with a snapshot, and another stopped instance
        InstanceRef ref = given(InstanceStatus.STOPPED);
        tx.run(c -> {
            snapshots.insert(c, ref, new SnapshotRepository.Snapshot("before", load(ref).settings(), Instant.now()));
            return null;
        });
        InstanceRef other = given(InstanceStatus.STOPPED);
        String newName = "r-" + Long.toHexString(System.nanoTime());
        String op = "op-" + UUID.randomUUID();

        // When it is renamed
        List<OutboxRow> sent = commands.handle(command(op, new InstanceCommand.RenameInstance(ref.name(), newName)));

        // Then the node is told to rename the container, and the new name is taken meanwhile
        assertThat(sent).singleElement().satisfies(row -> {
            JsonNode payload = Json.MAPPER.readTree(row.value()).path("payload");
            assertThat(payload.path("type").asText()).isEqualTo("RenameContainer");
            assertThat(payload.path("newName").asText()).isEqualTo(newName);
        });
        assertThat(load(ref).pendingAction()).isEqualTo(PendingAction.RENAME);
        assertThat(commands.handle(command("op-" + UUID.randomUUID(), new InstanceCommand.RenameInstance(
                other.name(), newName)))).singleElement().satisfies(row -> assertThat(row.value())
                        .contains("\"code\":409").contains("already in use"));

        // When the executor reports the container renamed
        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(op, "default"),
                new HostEvent.ContainerRenamed("local", "default", ref.name(), newName)));

        // Then the record and its snapshot carry the new name, and instance-renamed names the old one
        assertThat(out).extracting(OutboxRow::topic).containsExactly(Topics.LIFECYCLE, Topics.OPERATIONS);
        JsonNode data = Json.MAPPER.readTree(out.get(0).value()).path("data");
        assertThat(data.path("action").asText()).isEqualTo("instance-renamed");
        assertThat(data.path("source").asText()).isEqualTo("/1.0/instances/" + newName);
        assertThat(data.path("context").path("old_name").asText()).isEqualTo(ref.name());
        InstanceRef renamed = InstanceRef.of(newName);
        assertThat(load(renamed).pendingOperation()).isNull();
        java.util.Optional<InstanceRecord> old = tx.run(c -> instances.find(c, ref, false));
        List<SnapshotRepository.Snapshot> moved = tx.run(c -> snapshots.list(c, renamed));
        List<SnapshotRepository.Snapshot> left = tx.run(c -> snapshots.list(c, ref));
        assertThat(old).isEmpty();
        assertThat(moved).extracting(SnapshotRepository.Snapshot::name).containsExactly("before");
        assertThat(left).isEmpty();
    }

    @Test
    void shouldLeaveTheInstanceAsItWasWhenTheHostRefusesTheRename() {
        InstanceRef ref = given(InstanceStatus.STOPPED);
        String newName = "r-" + Long.toHexString(System.nanoTime());
        String op = "op-" + UUID.randomUUID();
        commands.handle(command(op, new InstanceCommand.RenameInstance(ref.name(), newName)));

        List<OutboxRow> out = events.handle(new Message<>(Envelope.root(op, "default"), new HostEvent.HostCommandFailed(
                "local", "default", ref.name(), "RenameContainer", "disk on fire", 0)));

        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("disk on fire"));
        assertThat(load(ref).pendingOperation()).isNull();
        assertThat(load(ref).status()).isEqualTo(InstanceStatus.STOPPED);
        // the name is free again
        assertThat(commands.handle(command("op-" + UUID.randomUUID(), new InstanceCommand.RenameInstance(ref.name(),
                newName)))).singleElement().satisfies(row -> assertThat(row.value()).contains("RenameContainer"));
    }

    @Test
    void shouldRefuseToRenameARunningInstanceAsLxdDoes() {
        InstanceRef ref = given(InstanceStatus.RUNNING);

        List<OutboxRow> out = commands.handle(command("op-" + UUID.randomUUID(),
                new InstanceCommand.RenameInstance(ref.name(), "r-" + Long.toHexString(System.nanoTime()))));

        assertThat(out).singleElement().satisfies(row -> assertThat(row.value()).contains("\"code\":400")
                .contains("Renaming of running instance not allowed"));
        assertThat(load(ref).pendingOperation()).isNull();
    }

    private InstanceRef given(InstanceStatus status) {
        InstanceRef ref = InstanceRef.of("h-" + Long.toHexString(System.nanoTime()));
        tx.run(c -> instances.insert(c, new InstanceRecord(ref, "local", status, "fp", Map.of(),
                new InstanceSettings(Map.of(), null, null), status == InstanceStatus.RUNNING ? 100L : null, null,
                null, null, Instant.now(), null, null)));
        return ref;
    }

    private InstanceRecord load(InstanceRef ref) {
        return tx.run(c -> instances.find(c, ref, false)).orElseThrow();
    }

    private static Message<InstanceCommand> command(String op, InstanceCommand command) {
        return new Message<>(Envelope.root(op, "default"), command);
    }
}

package dev.berth.network.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;
import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.contracts.lxd.NetworksPost;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.network.domain.NicAddress;
import dev.berth.network.repository.AllocationRepository;
import dev.berth.network.service.Ipam;
import dev.berth.network.service.NetworkService;
import dev.berth.support.jdbc.Tx;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Instance-deleted lifecycle events release the instance's addresses: through the real Kafka (the test topic) and
 * PostgreSQL (schema network_test), and by calling the consumer directly for the cases that must change nothing.
 */
@QuarkusTest
class LifecycleEventConsumerTest {
    /** Instance names unique to this run, so an event left unconsumed by an earlier run cannot touch them. */
    private static final String RUN = Long.toString(System.nanoTime(), 36);

    @Inject
    Ipam ipam;
    @Inject
    NetworkService networks;
    @Inject
    AllocationRepository allocations;
    @Inject
    Tx tx;
    @Inject
    LifecycleEventConsumer consumer;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "mp.messaging.incoming.lifecycle-events.topic")
    String topic;

    @Test
    void shouldReleaseEveryAddressOfTheInstanceWhenItsDeletedEventArrivesOnKafka() throws Exception {
        // Given an instance with two NICs, another instance on the same network, and the same name in another project
        network("life1", "172.22.1.1/24");
        InstanceRef gone = InstanceRef.of("gone-" + RUN);
        ipam.allocate("life1", nic(gone, "eth0"));
        ipam.allocate("life1", nic(gone, "eth1"));
        Allocation kept = ipam.allocate("life1", nic(InstanceRef.of("kept-" + RUN), "eth0"));
        Allocation namesake = ipam.allocate("life1", nic(new InstanceRef("p2", gone.name()), "eth0"));

        // When container-service's instance-deleted event for it reaches the lifecycle topic
        assertThat(topic).startsWith("test.");
        publish(gone.key(), deleted(gone));

        // Then all of its addresses are released, and only those
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(held("life1", gone)).isEmpty());
        assertThat(rows("life1")).extracting(NicAddress::project,
                NicAddress::instance, NicAddress::ipv4).containsExactlyInAnyOrder(
                        tuple("default", kept.instance(), kept.ipv4()),
                        tuple("p2", gone.name(), namesake.ipv4()));
    }

    @Test
    void shouldReleaseNothingWhenTheEventIsAnotherOne() {
        // Given
        network("life2", "172.22.2.1/24");
        InstanceRef stays = InstanceRef.of("stays-" + RUN);
        Allocation a = ipam.allocate("life2", nic(stays, "eth0"));

        // When it is stopped, a snapshot of it is deleted, and an image is deleted
        consumer.consume(Json.write(event(stays, "instance-stopped", stays.url())));
        consumer.consume(Json.write(event(stays, "instance-snapshot-deleted", stays.url() + "/snapshots/s1")));
        consumer.consume(Json.write(LifecycleEvent.root("/berth/image-service", "default", null, "image-deleted",
                "/1.0/images/abc", Map.of())));

        // Then it keeps its address
        assertThat(held("life2", stays)).extracting(NicAddress::ipv4).containsExactly(a.ipv4());
    }

    @Test
    void shouldReleaseNothingMoreWhenTheDeletedEventIsRedelivered() {
        // Given an instance whose deleted event was applied
        network("life3", "172.22.3.1/24");
        InstanceRef twice = InstanceRef.of("twice-" + RUN);
        Allocation a = ipam.allocate("life3", nic(twice, "eth0"));
        String value = Json.write(deleted(twice));
        consumer.consume(value);
        Allocation other = ipam.allocate("life3", nic(InstanceRef.of("other-" + RUN), "eth0"));

        // When the same event comes again
        consumer.consume(value);

        // Then nothing else is released (the freed address went to the next instance, which keeps it)
        assertThat(held("life3", twice)).isEmpty();
        assertThat(other.ipv4()).isEqualTo(a.ipv4());
        assertThat(rows("life3")).extracting(NicAddress::ipv4)
                .containsExactly(other.ipv4());
    }

    @Test
    void shouldLeaveANamesakeCreatedAfterTheDeletionItsAddressWhenTheEventComesLate() throws Exception {
        // Given an instance deleted (its event written), then made again under the same name before the event arrives
        network("life4", "172.22.4.1/24");
        InstanceRef again = InstanceRef.of("again-" + RUN);
        ipam.allocate("life4", nic(again, "eth0"));
        String late = Json.write(deleted(again));
        ipam.release(again.project(), again.name(), null);
        Thread.sleep(5);
        Allocation fresh = ipam.allocate("life4", nic(again, "eth0"));

        // When the old deletion is consumed
        consumer.consume(late);

        // Then the new instance keeps its address
        assertThat(held("life4", again)).extracting(NicAddress::ipv4).containsExactly(fresh.ipv4());
    }

    @Test
    void shouldRefuseWhenTheEventCannotBeReadSoItGoesToTheDeadLetterTopic() {
        InstanceRef nameless = InstanceRef.of("");

        assertThatThrownBy(() -> consumer.consume("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> consumer.consume(Json.write(deleted(nameless))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no instance");
        assertThatThrownBy(() -> consumer.consume(Json.write(event(nameless, "instance-deleted",
                "/1.0/images/abc")))).isInstanceOf(IllegalArgumentException.class);
    }

    private void network(String name, String subnet) {
        networks.create(new NetworksPost(name, "", "bridge", Map.of("ipv4.address", subnet)));
    }

    private List<NicAddress> rows(String network) {
        return tx.run(c -> allocations.byNetwork(c, network));
    }

    private List<NicAddress> held(String network, InstanceRef ref) {
        return rows(network).stream()
                .filter(a -> a.project().equals(ref.project()) && a.instance().equals(ref.name())).toList();
    }

    private static AllocationRequest nic(InstanceRef ref, String device) {
        return new AllocationRequest(ref.project(), ref.name(), device, null, null);
    }

    /** The event as container-service writes it when an instance's container is gone. */
    private static LifecycleEvent deleted(InstanceRef ref) {
        return event(ref, "instance-deleted", ref.url());
    }

    private static LifecycleEvent event(InstanceRef ref, String action, String source) {
        return LifecycleEvent.of("/berth/container-service", Envelope.root("op-" + RUN, ref.project()), action,
                source, Map.of());
    }

    private void publish(String key, LifecycleEvent event) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, Json.write(event));
            record.headers().add("content-type", LifecycleEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}

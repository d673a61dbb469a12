package dev.berth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.lxd.Network;
import dev.berth.contracts.lxd.NetworkLease;
import dev.berth.contracts.lxd.NetworkState;
import dev.berth.contracts.lxd.NetworksPost;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.NetworkCommand;

/** Pins the network wire shapes to LXD's field names, and the network commands' type tags. */
class NetworkContractTest {

    @Test
    void shouldWriteLxdFieldNamesWhenSerialisingANetwork() throws Exception {
        Network n = new Network("berthbr0", "", "bridge", true, "Created", Map.of("ipv4.address", "10.1.2.1/24"),
                List.of("/1.0/instances/c1"), List.of("none"));

        JsonNode json = Json.MAPPER.readTree(Json.write(n));

        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "description", "type",
                "managed", "status", "config", "used_by", "locations");
        assertThat(json.get("used_by").get(0).asText()).isEqualTo("/1.0/instances/c1");
    }

    @Test
    void shouldWriteLxdFieldNamesWhenSerialisingLeasesAndState() throws Exception {
        JsonNode lease = Json.MAPPER.readTree(Json.write(
                new NetworkLease("c1", "00:16:3e:00:00:01", "10.1.2.2", "dynamic", "none", "default")));
        JsonNode state = Json.MAPPER.readTree(Json.write(new NetworkState(
                List.of(new NetworkState.Address("inet", "10.1.2.1", "24", "global")),
                new NetworkState.Counters(1, 2, 3, 4), "00:16:3e:00:00:02", 1500, "up", "broadcast")));

        assertThat(lease.fieldNames()).toIterable().containsExactlyInAnyOrder("hostname", "hwaddr", "address",
                "type", "location", "project");
        assertThat(state.get("counters").fieldNames()).toIterable().containsExactlyInAnyOrder("bytes_received",
                "bytes_sent", "packets_received", "packets_sent");
        assertThat(state.fieldNames()).toIterable().containsExactlyInAnyOrder("addresses", "counters", "hwaddr",
                "mtu", "state", "type");
    }

    @Test
    void shouldReadALxcNetworkCreateBody() {
        NetworksPost post = Json.read("{\"name\":\"n1\",\"type\":\"\",\"description\":\"d\","
                + "\"config\":{\"ipv4.address\":\"auto\"},\"project\":\"x\"}", NetworksPost.class);

        assertThat(post.name()).isEqualTo("n1");
        assertThat(post.configOrEmpty()).containsEntry("ipv4.address", "auto");
    }

    @Test
    void shouldRoundTripANetworkCommandWithItsTypeTag() {
        Message<NetworkCommand> m = new Message<>(Envelope.root(null, "default"),
                new NetworkCommand.EnsureNetwork("local", "n1", Map.of("ipv4.address", "10.1.2.1/24")));

        String json = m.toJson();
        Message<NetworkCommand> back = Message.parse(json, NetworkCommand.MESSAGE);

        assertThat(json).contains("\"type\":\"EnsureNetwork\"");
        assertThat(back.payload()).isEqualTo(m.payload());
    }
}

package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.berth.cli.http.LxdClient;

/**
 * The stock LXD client's {@code lxc list} against Berth over the Unix socket: it needs {@code api_filtering} and asks
 * {@code GET /1.0/instances?filter=...&recursion=2}, turning {@code key=value} arguments into a server-side filter.
 */
@ExtendWith(Stack.class)
class LxcListIT {
    private final LxdClient api = Stack.client();

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, "it-lxc-a");
        Instances.forceDelete(api, "it-lxc-b");
        api.close();
    }

    @Test
    void shouldListInstancesWithTheirAddressesAndFilterThemOnTheServerWhenTheStockClientAsks() throws Exception {
        // Given a running instance (with the default profile's eth0) and a stopped one
        Instances.launch(api, "it-lxc-a", Map.of());
        api.waitSuccess(api.createInstance(Instances.busybox("it-lxc-b", Map.of(), false)), 120);
        String address = api.sync("GET", "/1.0/instances/it-lxc-a/state", null).path("network").path("eth0")
                .path("addresses").path(0).path("address").asText();
        assertThat(address).isNotEmpty();

        // When lxc lists them, Then both show with their state and the running one's address
        String all = StockClient.lxcOk("list", "--format", "csv", "-c", "ns4");
        assertThat(all).contains("it-lxc-a,RUNNING," + address + " (eth0)").contains("it-lxc-b,STOPPED,");

        // And key=value arguments filter on the server
        String stopped = StockClient.lxcOk("list", "status=stopped", "--format", "csv", "-c", "n");
        assertThat(stopped).contains("it-lxc-b").doesNotContain("it-lxc-a");
        String byConfig = StockClient.lxcOk("list", "image.os=busybox", "status=running", "--format", "csv", "-c", "n");
        assertThat(byConfig).contains("it-lxc-a").doesNotContain("it-lxc-b");
    }

}

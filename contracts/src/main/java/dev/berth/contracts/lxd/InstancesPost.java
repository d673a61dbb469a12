package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of {@code POST /1.0/instances}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstancesPost(String name, String type, Boolean start, Map<String, String> config,
        Map<String, Map<String, String>> devices, List<String> profiles, Boolean ephemeral, String description,
        String architecture, String instanceType, InstanceSource source) {

    /**
     * {@code source} of {@code InstancesPost}: {@code type: image} with an alias or fingerprint (optionally on a
     * simplestreams {@code server}), or {@code type: copy} with {@code source} naming an instance or
     * {@code instance/snapshot}. {@code certificate} is the PEM the image server's TLS certificate must match (what
     * the client pinned when it added that remote); empty means the system's CAs.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InstanceSource(String type, String alias, String fingerprint, String server, String protocol,
            String mode, String source, Boolean instanceOnly, String certificate) {

        public InstanceSource(String type, String alias, String fingerprint, String server, String protocol,
                String mode) {
            this(type, alias, fingerprint, server, protocol, mode, null, null, null);
        }

        public InstanceSource(String type, String alias, String fingerprint, String server, String protocol,
                String mode, String source, Boolean instanceOnly) {
            this(type, alias, fingerprint, server, protocol, mode, source, instanceOnly, null);
        }
    }
}

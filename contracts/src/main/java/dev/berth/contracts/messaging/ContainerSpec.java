package dev.berth.contracts.messaging;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a host needs to run an instance.
 *
 * @param fingerprint the image's sha256 (of the unified tarball, or of metadata then rootfs for a split image); the
 *        executor verifies the download against it
 * @param imageUrl where the executor fetches the unified tarball, or the metadata tarball of a split image
 * @param rootfsUrl where it fetches the rootfs (tarball or squashfs) of a split image; null for a unified image
 * @param config the instance's expanded configuration (profiles, then its own keys)
 * @param devices the instance's expanded devices; null or empty for none
 * @param nics the instance's {@code nic} devices resolved against IPAM, by device name; null or empty for none
 */
public record ContainerSpec(String fingerprint, String imageUrl, String rootfsUrl, Map<String, String> config,
        Map<String, Map<String, String>> devices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, NicPlan> nics) {

    @JsonCreator
    public ContainerSpec {
    }

    public ContainerSpec(String fingerprint, String imageUrl, String rootfsUrl, Map<String, String> config,
            Map<String, Map<String, String>> devices) {
        this(fingerprint, imageUrl, rootfsUrl, config, devices, null);
    }

    public ContainerSpec(String fingerprint, String imageUrl, String rootfsUrl, Map<String, String> config) {
        this(fingerprint, imageUrl, rootfsUrl, config, null, null);
    }

    /** A unified image. */
    public ContainerSpec(String fingerprint, String imageUrl, Map<String, String> config) {
        this(fingerprint, imageUrl, null, config, null, null);
    }

    public Map<String, Map<String, String>> devicesOrEmpty() {
        return devices == null ? Map.of() : devices;
    }

    public Map<String, NicPlan> nicsOrEmpty() {
        return nics == null ? Map.of() : nics;
    }

    /** The same spec with its NICs resolved. */
    public ContainerSpec withNics(Map<String, NicPlan> resolved) {
        return new ContainerSpec(fingerprint, imageUrl, rootfsUrl, config, devices, resolved);
    }
}

package dev.berth.contracts.messaging;

import java.util.Map;

/**
 * What a host needs to run an instance.
 *
 * @param fingerprint the image's sha256; the executor verifies the download against it
 * @param imageUrl where the executor fetches the unified tarball
 * @param config the instance's expanded configuration
 */
public record ContainerSpec(String fingerprint, String imageUrl, Map<String, String> config) {
}

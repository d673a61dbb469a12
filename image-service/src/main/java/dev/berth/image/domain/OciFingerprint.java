package dev.berth.image.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The fingerprint of an image imported from OCI: Incus' {@code computeFingerprint} (sha256 over the layer digest
 * strings, "sha256:..." each, concatenated without separator), with the image config's digest string appended.
 * Incus stops after the layers, so two images that differ only in their config (another entrypoint, env or user; a
 * Dockerfile whose last steps are ENV or CMD) get the same fingerprint, and the second import would be refused as a
 * duplicate or, worse, served with the first one's config.json from a cache. Berth's images are local imports,
 * which Incus has no equivalent for, so nothing needs to match Incus' value byte for byte.
 */
public final class OciFingerprint {
    private OciFingerprint() {
    }

    public static String of(List<String> layerDigests, String configDigest) {
        MessageDigest sha256 = Fingerprints.sha256();
        for (String layer : layerDigests) {
            sha256.update(layer.getBytes(StandardCharsets.UTF_8));
        }
        sha256.update(configDigest.getBytes(StandardCharsets.UTF_8));
        return Fingerprints.hex(sha256.digest());
    }

    /** Incus' own value, layers only (what {@code incus image info} shows for the same image pulled from a registry). */
    public static String incus(List<String> layerDigests) {
        MessageDigest sha256 = Fingerprints.sha256();
        for (String layer : layerDigests) {
            sha256.update(layer.getBytes(StandardCharsets.UTF_8));
        }
        return Fingerprints.hex(sha256.digest());
    }
}

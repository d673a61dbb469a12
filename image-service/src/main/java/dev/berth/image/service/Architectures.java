package dev.berth.image.service;

import java.util.Map;

/** Maps JVM architecture names to the names LXD uses in image metadata. */
final class Architectures {
    private static final Map<String, String> LXD_NAMES = Map.of("amd64", "x86_64", "x86_64", "x86_64",
            "aarch64", "aarch64", "arm64", "aarch64", "ppc64le", "ppc64le", "s390x", "s390x", "riscv64", "riscv64");

    private Architectures() {
    }

    static String host() {
        return lxd(System.getProperty("os.arch"));
    }

    /** LXD's name for a JVM or OCI/Go architecture name ({@code amd64} is {@code x86_64}). */
    static String lxd(String arch) {
        return LXD_NAMES.getOrDefault(arch, arch);
    }
}

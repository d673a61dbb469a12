package dev.berth.image.domain;

import java.nio.file.Path;
import java.util.List;

/**
 * What the host's busybox-static offers.
 *
 * @param version as printed by {@code busybox --help}, e.g. {@code 1.35.0}
 * @param applets install paths from {@code busybox --list-full}, e.g. {@code bin/sh}, {@code usr/bin/env}
 * @param epochSeconds the binary's mtime: used as the image's creation date and every entry's mtime
 */
public record BusyboxInfo(Path binary, String version, List<String> applets, long epochSeconds) {
    public BusyboxInfo {
        applets = List.copyOf(applets);
    }
}

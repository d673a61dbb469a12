package dev.berth.executor.config;

import java.nio.file.Path;

/**
 * Where the executor keeps its state ({@code $BERTH_STATE_DIR/executor/...}) and its runtime files
 * ({@code /run/berth/{runc,exits,socks}}), and where cgroup v1 hierarchies are mounted.
 */
public record ExecutorPaths(Path stateDir, Path runDir, Path cgroupRoot) {

    /** The cgroup parent every container lives under: cgroupsPath is {@code /berth/<containerId>}. */
    public static final String CGROUP_PARENT = "berth";

    public Path imagesDir() {
        return stateDir.resolve("executor").resolve("images");
    }

    /** The node's storage pools besides the built-in overlay pool: {@code storage-pools/<name>/}. */
    public Path storagePoolsDir() {
        return stateDir.resolve("executor").resolve("storage-pools");
    }

    /** The managed networks' recorded configs ({@code <name>.json}) and their dnsmasq files ({@code dnsmasq/<name>}). */
    public Path networksDir() {
        return stateDir.resolve("executor").resolve("networks");
    }

    public Path containersDir() {
        return stateDir.resolve("executor").resolve("containers");
    }

    public ContainerLayout container(String containerId) {
        return new ContainerLayout(containerId, containersDir().resolve(containerId), exitsDir().resolve(containerId),
                socksDir().resolve(containerId));
    }

    public Path runcRoot() {
        return runDir.resolve("runc");
    }

    public Path exitsDir() {
        return runDir.resolve("exits");
    }

    public Path socksDir() {
        return runDir.resolve("socks");
    }

    /** {@code <cgroupRoot>/<controller>/berth/<containerId>}. */
    public Path cgroup(String controller, String containerId) {
        return cgroupRoot.resolve(controller).resolve(CGROUP_PARENT).resolve(containerId);
    }

    public static String cgroupsPath(String containerId) {
        return "/" + CGROUP_PARENT + "/" + containerId;
    }
}

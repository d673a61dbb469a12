package dev.berth.contracts.lxd;

/**
 * Body of {@code POST /1.0/instances/{name}/console} ({@code api.InstanceConsolePost}): the client's terminal size
 * and the console's {@code type} ({@code console}, the default, or {@code vga}, which only a VM has).
 */
public record InstanceConsolePost(Integer width, Integer height, String type, Boolean force) {
}

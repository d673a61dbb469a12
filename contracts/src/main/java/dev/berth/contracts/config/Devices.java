package dev.berth.contracts.config;

import java.util.Map;
import java.util.Set;

/**
 * The device types Berth implements and their keys, as LXD names them: {@code disk} (the root disk on a pool, or a
 * host path bind-mounted at {@code path}, optionally {@code readonly}), {@code unix-char}/{@code unix-block} (a
 * host device node, by {@code source} or {@code path}), {@code nic} (a veth on a managed {@code network}, or on the
 * bridge {@code parent} with {@code nictype=bridged}) and {@code proxy} (host {@code listen} to container
 * {@code connect}).
 */
public final class Devices {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "disk", Set.of("type", "path", "source", "pool", "readonly", "size", "required"),
            "unix-char", Set.of("type", "path", "source", "major", "minor", "uid", "gid", "mode", "required"),
            "unix-block", Set.of("type", "path", "source", "major", "minor", "uid", "gid", "mode", "required"),
            "nic", Set.of("type", "network", "nictype", "parent", "name", "hwaddr", "ipv4.address", "mtu", "host_name",
                    "security.mac_filtering", "security.ipv4_filtering"),
            "proxy", Set.of("type", "listen", "connect", "bind"),
            "none", Set.of("type"));
    private static final java.util.regex.Pattern IFACE = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private Devices() {
    }

    /** Throws a {@link ConfigException} naming the device and key at fault. */
    public static void validate(Map<String, Map<String, String>> devices) {
        if (devices == null) {
            return;
        }
        devices.forEach((name, device) -> {
            String where = "Invalid device \"" + name + "\": ";
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new ConfigException("devices", "Invalid device name \"" + name + "\"");
            }
            if (device == null || device.get("type") == null) {
                throw new ConfigException("devices", where + "missing \"type\"");
            }
            String type = device.get("type");
            Set<String> keys = KEYS.get(type);
            if (keys == null) {
                throw new ConfigException("devices", where + "unsupported type \"" + type + "\" (supported: disk, "
                        + "unix-char, unix-block, nic, proxy, none)");
            }
            for (String key : device.keySet()) {
                if (!keys.contains(key)) {
                    throw new ConfigException("devices", where + "unknown key \"" + key + "\" for type " + type);
                }
            }
            if (type.equals("disk")) {
                disk(where, device);
            } else if (type.startsWith("unix-")) {
                unix(where, device);
            } else if (type.equals("nic")) {
                nic(name, device);
            } else if (type.equals("proxy")) {
                proxy(name, device);
            }
        });
    }

    /** The root disk: the disk device whose path is {@code /}. */
    public static boolean isRootDisk(Map<String, String> device) {
        return "disk".equals(device.get("type")) && "/".equals(device.get("path"));
    }

    /** The root disk among {@code devices} (null for none), if there is one. */
    public static java.util.Optional<Map<String, String>> rootDisk(Map<String, Map<String, String>> devices) {
        return devices == null
                ? java.util.Optional.empty()
                : devices.values().stream().filter(Devices::isRootDisk).findFirst();
    }

    private static void disk(String where, Map<String, String> d) {
        String path = d.get("path");
        if (path == null || !path.startsWith("/")) {
            throw new ConfigException("devices", where + "a disk needs an absolute \"path\"");
        }
        boolean root = path.equals("/");
        if (root && (d.get("pool") == null || d.get("pool").isEmpty())) {
            throw new ConfigException("devices", where + "the root disk needs a \"pool\"");
        }
        if (!root && (d.get("source") == null || !d.get("source").startsWith("/"))) {
            throw new ConfigException("devices", where + "a disk at " + path + " needs an absolute host \"source\"");
        }
        if (!root && (d.containsKey("pool") || d.containsKey("size"))) {
            throw new ConfigException("devices", where + "\"pool\" and \"size\" apply only to the root disk");
        }
        if (d.containsKey("readonly")) {
            bool(where, "readonly", d.get("readonly"));
        }
        if (d.containsKey("size")) {
            try {
                Limits.parseMemory(d.get("size"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("devices", where + "size: " + e.getMessage());
            }
        }
    }

    private static void unix(String where, Map<String, String> d) {
        String source = d.get("source");
        String path = d.get("path");
        if ((source == null || source.isEmpty()) && (path == null || path.isEmpty())) {
            throw new ConfigException("devices", where + "a " + d.get("type") + " needs \"source\" or \"path\"");
        }
        for (String key : new String[]{"source", "path"}) {
            if (d.get(key) != null && !d.get(key).startsWith("/")) {
                throw new ConfigException("devices", where + "\"" + key + "\" must be absolute");
            }
        }
        for (String key : new String[]{"major", "minor"}) {
            if (d.containsKey(key) && !d.get(key).matches("\\d{1,10}")) {
                throw new ConfigException("devices", where + "\"" + key + "\" must be a number");
            }
        }
        // LXD makes its own node with these owner and mode; Berth shows the host's node, so rather than ignore them
        // silently it refuses them until it makes nodes of its own
        for (String key : new String[]{"uid", "gid", "mode"}) {
            if (d.containsKey(key)) {
                throw new ConfigException("devices", where + "\"" + key + "\" is not supported yet for "
                        + d.get("type") + " (the node keeps the host node's owner and mode)");
            }
        }
    }

    /** Whether the device is a NIC. */
    public static boolean isNic(Map<String, String> device) {
        return "nic".equals(device.get("type"));
    }

    /** The interface name inside the instance: {@code name}, else the device's own name, as in LXD. */
    public static String nicName(String device, Map<String, String> d) {
        String name = d.get("name");
        return name == null || name.isEmpty() ? device : name;
    }

    private static void nic(String device, Map<String, String> d) {
        String network = d.get("network");
        String parent = d.get("parent");
        String nictype = d.get("nictype");
        boolean managed = network != null && !network.isEmpty();
        if (managed && (parent != null && !parent.isEmpty() || nictype != null && !nictype.isEmpty())) {
            throw nicError(device, "network", network, "\"network\" cannot be combined with \"nictype\" or \"parent\"");
        }
        if (!managed) {
            if (!"bridged".equals(nictype)) {
                throw nicError(device, "nictype", nictype, "a NIC needs \"network\", or \"nictype\"=bridged with "
                        + "\"parent\" (the only nictype supported)");
            }
            if (parent == null || !IFACE.matcher(parent).matches()) {
                throw nicError(device, "parent", parent, "a bridged NIC needs the host bridge as \"parent\"");
            }
            // an unmanaged bridge has no IPAM: an address, or filtering on one, would be silently ignored
            for (String key : new String[]{"ipv4.address", "security.ipv4_filtering"}) {
                if (d.get(key) != null && !d.get(key).isEmpty()) {
                    throw nicError(device, key, d.get(key), "needs a managed \"network\" (IPAM), not a bridged parent");
                }
            }
        }
        String name = nicName(device, d);
        if (!IFACE.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw nicError(device, "name", name, "an interface name is 1-15 letters, digits, '_', '.' or '-'");
        }
        String host = d.get("host_name");
        if (host != null && !host.isEmpty() && !IFACE.matcher(host).matches()) {
            throw nicError(device, "host_name", host, "an interface name is 1-15 letters, digits, '_', '.' or '-'");
        }
        String hwaddr = d.get("hwaddr");
        if (hwaddr != null && !hwaddr.isEmpty() && MacAddresses.normalise(hwaddr) == null) {
            throw nicError(device, "hwaddr", hwaddr, "not a unicast MAC address such as 00:16:3e:12:34:56");
        }
        String ipv4 = d.get("ipv4.address");
        if (ipv4 != null && !ipv4.isEmpty()) {
            try {
                Subnets.parseAddress(ipv4);
            } catch (IllegalArgumentException e) {
                throw nicError(device, "ipv4.address", ipv4, "not an IPv4 address");
            }
        }
        String mtu = d.get("mtu");
        if (mtu != null && !mtu.isEmpty()
                && (!mtu.matches("\\d{1,5}") || Integer.parseInt(mtu) < 1280 || Integer.parseInt(mtu) > 65535)) {
            throw nicError(device, "mtu", mtu, "an MTU is a number from 1280 to 65535");
        }
        for (String key : new String[]{"security.mac_filtering", "security.ipv4_filtering"}) {
            if (d.containsKey(key)) {
                bool("Invalid device \"" + device + "\": ", key, d.get(key));
            }
        }
    }

    private static void proxy(String device, Map<String, String> d) {
        String bind = d.get("bind");
        if (bind != null && !bind.isEmpty() && !bind.equals("host")) {
            throw nicError(device, "bind", bind, "only bind=host (listen on the host) is supported");
        }
        try {
            ProxyAddress.checkPair(device, ProxyAddress.parse(device, "listen", d.get("listen")),
                    ProxyAddress.parse(device, "connect", d.get("connect")));
        } catch (ConfigException e) {
            throw new ConfigException("devices", e.getMessage());
        }
    }

    private static ConfigException nicError(String device, String key, String value, String why) {
        return new ConfigException("devices", "Invalid value for device \"" + device + "\" option \"" + key
                + "\" (\"" + value + "\"): " + why);
    }

    private static void bool(String where, String key, String value) {
        try {
            InstanceConfig.parseBoolean(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("devices", where + key + ": " + e.getMessage());
        }
    }
}

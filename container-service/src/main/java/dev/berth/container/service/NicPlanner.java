package dev.berth.container.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.berth.container.service.InstanceCommandHandler.Refused;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.config.Devices;
import dev.berth.contracts.config.InstanceConfig;
import dev.berth.contracts.config.MacAddresses;
import dev.berth.contracts.ipam.Allocation;
import dev.berth.contracts.ipam.AllocationRequest;
import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.NicPlan;

/**
 * Resolves an instance's {@code nic} devices into what its host plumbs: a managed network's NIC gets its address
 * and MAC from network-service's IPAM (asking again returns what it holds, so every start sees the same address);
 * a bridged NIC on an unmanaged {@code parent} gets a MAC only. The MAC is kept as {@code volatile.<dev>.hwaddr}, as
 * LXD does.
 */
@ApplicationScoped
public class NicPlanner {
    private static final Logger LOG = Logger.getLogger(NicPlanner.class);

    @Inject
    NetworkClient network;

    /** The spec with its NICs, and the volatile keys to record (those whose value is new). */
    public record Resolved(ContainerSpec spec, Map<String, String> volatileKeys) {
        /** {@code config} with the new volatile keys, and without those of NICs the instance no longer has. */
        public Map<String, String> apply(Map<String, String> config) {
            Map<String, String> out = new LinkedHashMap<>(config);
            out.putAll(volatileKeys);
            out.keySet().removeIf(k -> isNicKey(k) && !spec.nicsOrEmpty().containsKey(deviceOf(k)));
            return out.equals(config) ? config : out;
        }
    }

    /**
     * Resolves the NICs among {@code spec}'s devices for instance {@code ref}, whose recorded config is {@code config}.
     * A refusal (unknown network, address taken, IPAM down) is a {@link Refused} with the network-service's code.
     */
    public Resolved resolve(InstanceRef ref, ContainerSpec spec, Map<String, String> config) throws Refused {
        Map<String, NicPlan> nics = new TreeMap<>();
        Map<String, String> volatileKeys = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : new TreeMap<>(spec.devicesOrEmpty()).entrySet()) {
            Map<String, String> d = e.getValue();
            if (!Devices.isNic(d)) {
                continue;
            }
            String device = e.getKey();
            String hwKey = "volatile." + device + ".hwaddr";
            String hwaddr = nonEmpty(d.get("hwaddr"), config.get(hwKey));
            NicPlan plan = nonEmpty(d.get("network"), null) != null
                    ? managed(ref, device, d, hwaddr)
                    : bridged(device, d, hwaddr == null ? MacAddresses.random() : hwaddr);
            nics.put(device, plan);
            if (!plan.hwaddr().equals(config.get(hwKey))) {
                volatileKeys.put(hwKey, plan.hwaddr());
            }
        }
        return new Resolved(spec.withNics(nics), volatileKeys);
    }

    /** Whether {@code key} is a NIC's volatile key ({@code volatile.<dev>.hwaddr}). */
    public static boolean isNicKey(String key) {
        return key.startsWith("volatile.") && key.endsWith(".hwaddr") && key.length() > "volatile..hwaddr".length();
    }

    /** The device a NIC's volatile key belongs to. */
    public static String deviceOf(String key) {
        return key.substring("volatile.".length(), key.length() - ".hwaddr".length());
    }

    /**
     * Releases the addresses of the NICs whose volatile keys {@code before} had and {@code after} has not (devices
     * removed by an update); a failure is only logged.
     */
    public void releaseRemoved(InstanceRef ref, Map<String, String> before, Map<String, String> after) {
        for (String key : before.keySet()) {
            if (isNicKey(key) && !after.containsKey(key)) {
                try {
                    network.release(ref.project(), ref.name(), deviceOf(key));
                } catch (NetworkClient.IpamRefused e) {
                    LOG.warnf("[instance=%s] address of %s not released: %s", ref.key(), deviceOf(key),
                            e.getMessage());
                }
            }
        }
    }

    /** Releases every address of an instance that was never created; a failure is only logged (IPAM reuses it). */
    public void releaseQuietly(InstanceRef ref) {
        try {
            network.release(ref.project(), ref.name(), null);
        } catch (NetworkClient.IpamRefused e) {
            LOG.warnf("[instance=%s] addresses not released: %s", ref.key(), e.getMessage());
        }
    }

    private NicPlan managed(InstanceRef ref, String device, Map<String, String> d, String hwaddr) throws Refused {
        String net = d.get("network");
        Allocation a;
        try {
            a = network.allocate(net, new AllocationRequest(ref.project(), ref.name(), device,
                    nonEmpty(d.get("ipv4.address"), null), hwaddr));
        } catch (NetworkClient.IpamRefused e) {
            throw new Refused(e.code, "Failed to add device \"" + device + "\": " + e.getMessage());
        }
        int mtu = d.get("mtu") != null && !d.get("mtu").isEmpty()
                ? Integer.parseInt(d.get("mtu"))
                : a.mtu() == null ? 0 : a.mtu();
        return new NicPlan(net, net, Devices.nicName(device, d), a.hwaddr(), a.ipv4(), a.prefix(), a.gateway(), mtu,
                a.dnsDomain(), nonEmpty(d.get("host_name"), null), flag(d, "security.mac_filtering"),
                flag(d, "security.ipv4_filtering"));
    }

    private static NicPlan bridged(String device, Map<String, String> d, String hwaddr) {
        int mtu = d.get("mtu") != null && !d.get("mtu").isEmpty() ? Integer.parseInt(d.get("mtu")) : 0;
        return new NicPlan(null, d.get("parent"), Devices.nicName(device, d), hwaddr, null, 0, null, mtu, null,
                nonEmpty(d.get("host_name"), null), flag(d, "security.mac_filtering"), false);
    }

    private static boolean flag(Map<String, String> d, String key) {
        return InstanceConfig.isTrue(d, key);
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}

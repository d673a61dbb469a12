package dev.berth.network.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.config.Subnets.Range;

/** The addresses a network hands out: its ranges, less the gateway and whatever is taken. */
public record AddressPool(Cidr gateway, List<Range> ranges) {

    /** The lowest free address, so that leases stay compact and predictable. */
    public Optional<Integer> firstFree(Set<Integer> taken) {
        for (Range r : ranges) {
            for (long ip = Integer.toUnsignedLong(r.first()); ip <= Integer.toUnsignedLong(r.last()); ip++) {
                int candidate = (int) ip;
                if (candidate != gateway.address() && usable(candidate) && !taken.contains(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Inside the subnet and neither its network, broadcast nor gateway address. */
    public boolean usable(int ip) {
        return gateway.contains(ip) && ip != gateway.network() && ip != gateway.broadcast()
                && ip != gateway.address();
    }
}

package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NftRulesetTest {
    private static final FirewallSpec NAT = new FirewallSpec("berthbr0", "berthbr0", Ipv4Cidr.parse("10.23.5.1/24"),
            true);

    @Test
    void shouldMasqueradeTheSubnetWhenNatIsOn() {
        // When
        String script = NftRuleset.ensure(NAT);

        // Then
        assertThat(script).contains("ip saddr 10.23.5.0/24 ip daddr != 10.23.5.0/24 oifname != \"berthbr0\" "
                + "counter masquerade");
        assertThat(script).startsWith("add table inet berth-berthbr0\ndelete table inet berth-berthbr0\n");
    }

    @Test
    void shouldLeaveOutNatButKeepIsolationWhenNatIsOff() {
        // When
        String script = NftRuleset.ensure(new FirewallSpec("n1", "n1", Ipv4Cidr.parse("10.1.0.1/16"), false));

        // Then
        assertThat(script).doesNotContain("masquerade");
        assertThat(script).contains("iifname \"n1\" oifgroup " + Bridges.GROUP + " oifname != \"n1\" counter drop");
        assertThat(script).contains("oifname \"n1\" iifgroup " + Bridges.GROUP + " iifname != \"n1\" counter drop");
    }

    @Test
    void shouldKeepNicSetsWhenTheBridgeTableIsEnsured() {
        // When
        String script = NftRuleset.ensure(NAT);

        // Then: the bridge table is never deleted, only its chain is flushed
        assertThat(script).doesNotContain("delete table bridge").contains("add set bridge berth-berthbr0 macs")
                .contains("flush chain bridge berth-berthbr0 prerouting");
    }

    @Test
    void shouldAddThenDeleteWhenRemovingANic() {
        // Given
        NicFilter nic = new NicFilter("veth1234abcd", "00:16:3E:AA:BB:CC", "10.23.5.7");

        // When
        String script = NftRuleset.removeNic("berth-n1", nic);

        // Then: adding first makes the delete valid when the entries are already gone
        assertThat(script).isEqualTo("""
                add element bridge berth-n1 mac_filtered { "veth1234abcd" }
                add element bridge berth-n1 macs { "veth1234abcd" . 00:16:3e:aa:bb:cc }
                add element bridge berth-n1 ipv4_filtered { "veth1234abcd" }
                add element bridge berth-n1 ipv4s { "veth1234abcd" . 10.23.5.7 }
                delete element bridge berth-n1 mac_filtered { "veth1234abcd" }
                delete element bridge berth-n1 macs { "veth1234abcd" . 00:16:3e:aa:bb:cc }
                delete element bridge berth-n1 ipv4_filtered { "veth1234abcd" }
                delete element bridge berth-n1 ipv4s { "veth1234abcd" . 10.23.5.7 }
                """);
    }

    @Test
    void shouldRefuseWhenANameWouldChangeTheScript() {
        assertThatThrownBy(() -> new FirewallSpec("n1\"; flush ruleset", "n1", null, false))
                .isInstanceOf(NetworkException.class);
        assertThatThrownBy(() -> new NicFilter("veth 1", null, null)).isInstanceOf(NetworkException.class);
        assertThatThrownBy(() -> new FirewallSpec("n1", "n1", null, true)).hasMessageContaining("ipv4.nat");
    }
}

package dev.berth.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.contracts.config.Subnets.Cidr;
import dev.berth.contracts.config.Subnets.Range;

class SubnetsTest {

    @Test
    void shouldKeepTheHostPartWhenParsingACidr() {
        Cidr c = Cidr.parse("10.23.5.1/24");

        assertThat(c.toString()).isEqualTo("10.23.5.1/24");
        assertThat(Subnets.format(c.network())).isEqualTo("10.23.5.0");
        assertThat(Subnets.format(c.broadcast())).isEqualTo("10.23.5.255");
        assertThat(c.subnet().toString()).isEqualTo("10.23.5.0/24");
        assertThat(c.contains(Subnets.parseAddress("10.23.5.200"))).isTrue();
        assertThat(c.contains(Subnets.parseAddress("10.23.6.1"))).isFalse();
        assertThat(Subnets.netmask(24)).isEqualTo("255.255.255.0");
    }

    @Test
    void shouldTreatABareAddressAsASlash32() {
        assertThat(Cidr.parse("192.0.2.7")).isEqualTo(new Cidr(Subnets.parseAddress("192.0.2.7"), 32));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.0.0", "10.0.0.256/24", "10.0.0.01/24", "10.0.0.1/33",
            "10.0.0.1/", "10.0.0.1/x", "a.b.c.d/8", "10.0.0.-1/24", " 10.0.0.1/24", "10.0.0.1/024"})
    void shouldRefuseWhenTheCidrIsMalformed(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDetectOverlapInBothDirections() {
        Cidr big = Cidr.parse("10.0.0.0/8");
        Cidr small = Cidr.parse("10.1.2.1/24");
        Cidr other = Cidr.parse("10.1.3.1/24");

        assertThat(big.overlaps(small)).isTrue();
        assertThat(small.overlaps(big)).isTrue();
        assertThat(small.overlaps(other)).isFalse();
        assertThat(Subnets.firstOverlap(small, List.of(other, big))).contains(big);
    }

    @Test
    void shouldIgnoreDefaultRoutesWhenCheckingOverlap() {
        assertThat(Subnets.firstOverlap(Cidr.parse("10.1.2.1/24"), List.of(Cidr.parse("0.0.0.0/0")))).isEmpty();
    }

    @Test
    void shouldChooseTheSameFreeSubnetWhenGivenTheSameSeedAndTakenList() {
        List<Cidr> taken = List.of(Cidr.parse("192.0.2.2/24"), Cidr.parse("0.0.0.0/0"), Cidr.parse("127.0.0.1/8"));

        Cidr first = Subnets.chooseAuto(taken, 42).orElseThrow();
        Cidr again = Subnets.chooseAuto(taken, 42).orElseThrow();

        assertThat(first).isEqualTo(again);
        assertThat(first.prefix()).isEqualTo(24);
        assertThat(first.address() >>> 24).isEqualTo(10);
        assertThat(first.address() & 255).isEqualTo(1);
    }

    @Test
    void shouldAvoidEveryTakenSubnetWhenChoosingAuto() {
        // Given all of 10/8 taken but 10.200.7.0/24, by routes of various sizes
        List<Cidr> taken = new ArrayList<>();
        taken.add(Cidr.parse("10.0.0.0/9"));
        taken.add(Cidr.parse("10.128.0.0/10"));
        taken.add(Cidr.parse("10.192.0.0/13"));
        taken.add(Cidr.parse("10.201.0.0/16"));
        taken.add(Cidr.parse("10.202.0.0/15"));
        taken.add(Cidr.parse("10.204.0.0/14"));
        taken.add(Cidr.parse("10.208.0.0/12"));
        taken.add(Cidr.parse("10.224.0.0/11"));
        for (int y = 0; y < 256; y++) {
            if (y != 7) {
                taken.add(new Cidr(Subnets.parseAddress("10.200." + y + ".1"), 32));
            }
        }

        // When / Then
        assertThat(Subnets.chooseAuto(taken, 7)).map(Cidr::toString).contains("10.200.7.1/24");
    }

    @Test
    void shouldFindNothingWhenAllOfTenSlashEightIsTaken() {
        assertThat(Subnets.chooseAuto(List.of(Cidr.parse("10.0.0.0/8")), 1)).isEmpty();
    }

    @Test
    void shouldPickDifferentSubnetsForDifferentSeeds() {
        assertThat(Subnets.chooseAuto(List.of(), 1)).isNotEqualTo(Subnets.chooseAuto(List.of(), 2));
    }

    @Test
    void shouldParseARangeAndRefuseOneBackwards() {
        assertThat(Range.parse(" 10.0.0.10-10.0.0.20 ").size()).isEqualTo(11);
        assertThatThrownBy(() -> Range.parse("10.0.0.20-10.0.0.10")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> Range.parse("10.0.0.20")).hasMessageContaining("not a range");
    }
}

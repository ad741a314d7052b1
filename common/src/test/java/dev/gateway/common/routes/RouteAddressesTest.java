package dev.gateway.common.routes;

import io.helidon.webclient.api.DnsAddressLookup;
import io.helidon.webclient.spi.DnsResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which addresses route backends may have, and the resolver the web clients ask for the address of every
 * connection. Only literal addresses are used: nothing here resolves a name or opens a connection, so no
 * packet ever goes to a link-local address.
 */
class RouteAddressesTest {
    private static final DnsAddressLookup LOOKUP = DnsAddressLookup.IPV4_PREFERRED;

    @Test
    void everyNumericFormOfTheMetadataAddressMeansIt() throws UnknownHostException {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        for (String form : new String[] {"169.254.169.254", "0xA9FEA9FE", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376",
                "169.254.43518", "169.16689662", "2852039166", "169.254.169.254."}) {
            assertEquals(Optional.of(metadata), RouteAddresses.ipv4Literal(form), form);
        }
    }

    @Test
    void namesAndInvalidNumbersAreNoIpv4Literal() {
        for (String host : new String[] {"example.com", "1.2.3.4.5", "256.1.1.1", "08.1.1.1", "0x", "1..2", "",
                "::1", "+1.2.3.4", "0x1g"}) {
            assertEquals(Optional.empty(), RouteAddresses.ipv4Literal(host), host);
        }
    }

    @Test
    void linkLocalAndMetadataAddressesAreForbiddenInEveryIpVersion() throws UnknownHostException {
        for (String address : new String[] {"169.254.169.254", "169.254.0.1", "fe80::1", "::ffff:169.254.169.254",
                "64:ff9b::a9fe:a9fe", "100.100.100.200", "fd00:ec2::254"}) {
            assertTrue(RouteAddresses.isForbidden(InetAddress.getByName(address)), address);
        }
        for (String address : new String[] {"127.0.0.1", "::1", "10.0.0.1", "192.168.1.1", "64:ff9b::a00:1"}) {
            assertFalse(RouteAddresses.isForbidden(InetAddress.getByName(address)), address);
        }
    }

    @Test
    void resolverRefusesAForbiddenAddressBeforeAnyConnection() {
        DnsResolver resolver = RouteAddresses.resolver(false);
        for (String host : new String[] {"169.254.169.254", "0xA9FEA9FE", "::ffff:a9fe:a9fe", "fe80::1"}) {
            assertThrows(RouteAddresses.ForbiddenAddressException.class, () -> resolver.resolveAddress(host, LOOKUP), host);
        }
    }

    @Test
    void resolverGivesOtherAddressesAndEveryAddressWhenLinkLocalIsAllowed() throws UnknownHostException {
        assertEquals(InetAddress.getByName("127.0.0.1"), RouteAddresses.resolver(false).resolveAddress("127.0.0.1", LOOKUP));
        assertEquals(InetAddress.getByName("169.254.169.254"),
                RouteAddresses.resolver(true).resolveAddress("0xA9FEA9FE", LOOKUP));
    }
}

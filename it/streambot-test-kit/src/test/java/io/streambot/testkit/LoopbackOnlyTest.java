package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit's servers listen on loopback only: every socket listening on their ports has a loopback
 * address (read from the kernel's table, on Linux), and no other address of this machine reaches them.
 */
@LocalAws
class LoopbackOnlyTest {

    @Test
    void dynamoDbLocalListensOnLoopbackOnly(LocalDynamoDb dynamo) throws Exception {
        assumeFalse(AwsEndpoints.isExternal(LocalDynamoDb.SERVICE), "no local server with an external endpoint");

        assertLoopbackOnly(dynamo.endpoint().orElseThrow().getPort());
    }

    @Test
    void s3MockListensOnLoopbackOnlyOnBothItsPorts(LocalS3 s3) throws Exception {
        assumeFalse(AwsEndpoints.isExternal(LocalS3.SERVICE), "no local server with an external endpoint");

        assertThat(LocalS3.serverPorts())
                .hasSize(2)
                .contains(s3.endpoint().orElseThrow().getPort());
        for (int port : LocalS3.serverPorts()) {
            assertLoopbackOnly(port);
        }
    }

    @Test
    void wireMockListensOnLoopbackOnly(AwsWireMock wire) throws Exception {
        assertLoopbackOnly(wire.server().port());
    }

    private static void assertLoopbackOnly(int port) throws IOException {
        List<InetAddress> listening = listeningAddresses(port);
        if (listening != null) {
            assertThat(listening).as("addresses listening on port " + port).isNotEmpty();
            assertThat(listening).as("addresses listening on port " + port).allMatch(InetAddress::isLoopbackAddress);
        }
        for (InetAddress other : nonLoopbackAddresses()) {
            assertThatThrownBy(() -> {
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(other, port), 2_000);
                        }
                    })
                    .as("connecting to port " + port + " through " + other)
                    .isInstanceOf(ConnectException.class);
        }
    }

    /** The local addresses of the sockets listening on {@code port}, or null where the kernel does not show them. */
    private static List<InetAddress> listeningAddresses(int port) throws IOException {
        Path tcp4 = Path.of("/proc/net/tcp");
        Path tcp6 = Path.of("/proc/net/tcp6");
        if (!Files.isReadable(tcp4)) {
            return null;
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (Path table : List.of(tcp4, tcp6)) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)
                    .subList(1, Files.readAllLines(table).size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                boolean listen = "0A".equals(fields[3]);
                if (listen && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(address(local[0]));
                }
            }
        }
        return addresses;
    }

    /** The kernel prints an address as 32-bit words in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(address);
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        try (Stream<NetworkInterface> interfaces = NetworkInterface.networkInterfaces()) {
            interfaces
                    .filter(LoopbackOnlyTest::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> !a.isLoopbackAddress() && !(a instanceof Inet6Address && a.isLinkLocalAddress()))
                    .forEach(addresses::add);
        }
        return addresses;
    }

    private static boolean isUp(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}

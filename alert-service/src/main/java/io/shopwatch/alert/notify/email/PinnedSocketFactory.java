package io.shopwatch.alert.notify.email;

import io.shopwatch.alert.notify.OutboundUrlPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * Sockets that connect only to addresses the SSRF policy allows: the host name is resolved through
 * {@link OutboundUrlPolicy#resolve} right before connecting, and the connection goes to the address that was checked
 * (so a name re-bound to an internal address between two lookups is still refused). TLS, implicit or by STARTTLS, is
 * layered on these sockets by the mail library with the original host name, so certificates are checked against it.
 */
final class PinnedSocketFactory extends SocketFactory {

    private final OutboundUrlPolicy policy;

    PinnedSocketFactory(OutboundUrlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Socket createSocket() {
        return new PinnedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port, localAddress, localPort);
    }

    private final class PinnedSocket extends Socket {

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress inet)) {
                throw new IOException("unsupported address " + endpoint);
            }
            InetAddress[] allowed = policy.resolve(inet.getHostString());
            super.connect(new InetSocketAddress(allowed[0], inet.getPort()), timeout);
        }
    }
}

package org.longplay.serve;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.longplay.common.Printable;

/**
 * Who may ask what of {@code longplay serve}, decided from a request's method and three headers before
 * anything runs:
 * <ul>
 * <li>{@code Host} must name this service (its bind address, a loopback name, or one of
 * {@code longplay.serve.allowed-hosts}): a web page whose domain an attacker points at 127.0.0.1 (DNS
 * rebinding) sends its own domain, and is refused;</li>
 * <li>{@code Origin}, which browsers send with cross-site and changing requests, must name one of those
 * hosts too: a form another site's page posts (CSRF) is refused;</li>
 * <li>every request but GET and HEAD must carry {@code Authorization: Bearer <token>} ({@link ServeToken}).</li>
 * </ul>
 */
public final class ServeGuard {
    /** Why a request is refused: the HTTP status and a reason safe to show (no request bytes unescaped). */
    public record Refusal(int status, String reason) {
    }

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD");

    private final Set<String> hosts;
    private final byte[] token;

    /**
     * @param bindHost     the address the service listens on (a wildcard such as 0.0.0.0 names no host)
     * @param allowedHosts further host names clients reach it by (a reverse proxy's public name)
     * @param token        the token changing requests must carry
     */
    public ServeGuard(String bindHost, List<String> allowedHosts, String token) {
        Set<String> names = new LinkedHashSet<>(LOOPBACK);
        String bound = hostName(bindHost);
        if (!bound.equals("0.0.0.0") && !bound.equals("::")) {
            names.add(bound);
        }
        allowedHosts.stream().map(ServeGuard::hostName).filter(h -> !h.isEmpty()).forEach(names::add);
        this.hosts = Set.copyOf(names);
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Null when the request may go on, else why not. */
    public Refusal check(String method, String host, String origin, String authorization) {
        if (host == null || !hosts.contains(hostName(host))) {
            return new Refusal(403, "host " + (host == null ? "(none)" : Printable.quote(host))
                    + " is not served here (longplay.serve.allowed-hosts)");
        }
        if (origin != null && !hosts.contains(originHost(origin))) {
            return new Refusal(403, "cross-origin request from " + Printable.quote(origin) + " refused");
        }
        if (!SAFE_METHODS.contains(method) && !carriesToken(authorization)) {
            return new Refusal(401, "a change needs the token: Authorization: Bearer <the token in longplay.serve.token-file>");
        }
        return null;
    }

    private boolean carriesToken(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        // a comparison whose time does not tell how much of the token matched
        return MessageDigest.isEqual(token, authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The host of a {@code Host} header or an address: lower case, without port or IPv6 brackets. */
    static String hostName(String hostAndPort) {
        String h = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.indexOf(':');
        return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h; // one colon: a port; more: IPv6
    }

    /** The host of an {@code Origin} ({@code scheme://host[:port]}); "" for {@code null} or anything else. */
    private static String originHost(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            return uri.getHost() != null && ("http".equals(scheme) || "https".equals(scheme)) ? hostName(uri.getHost()) : "";
        } catch (URISyntaxException e) {
            return "";
        }
    }
}

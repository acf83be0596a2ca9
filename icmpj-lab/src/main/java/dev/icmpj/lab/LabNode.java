package dev.icmpj.lab;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.ProcessRunner;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * One node of a {@link Topology}: a network namespace of its own (client, router or server).
 *
 * <p>{@link #ipv4()} and {@link #ipv6()} are the addresses of the node's interface toward the client
 * (the client's only interface for the client): the address a router's ICMP errors come from when the
 * probe was sent by the client. Thread-safe: the node is immutable, and commands and {@link #call}
 * each run on their own process or thread.
 */
public final class LabNode {
    private final String role;
    private final NetworkNamespace namespace;
    private final Inet4Address ipv4;
    private final Inet6Address ipv6;

    LabNode(String role, NetworkNamespace namespace, Inet4Address ipv4, Inet6Address ipv6) {
        this.role = role;
        this.namespace = namespace;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /** The node's role: {@code client}, {@code r1} .. {@code rN} or {@code server}. */
    public String role() {
        return role;
    }

    /** The node's namespace; {@link NetworkNamespace#call(Callable)} opens sockets inside it. */
    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The IPv4 address of the node's interface toward the client, in 198.18.0.0/15. */
    public Inet4Address ipv4() {
        return ipv4;
    }

    /** The IPv6 address of the node's interface toward the client, in fd00::/8. */
    public Inet6Address ipv6() {
        return ipv6;
    }

    /**
     * Runs code on a platform thread that has entered this node's namespace ({@code setns}).
     *
     * @param task the code, e.g. opening a socket
     * @param <T> its result type
     * @return its result
     * @throws Exception what the task threw
     */
    public <T> T call(Callable<T> task) throws Exception {
        return namespace.call(task);
    }

    /**
     * Runs a command inside the namespace, whatever its exit code (60 s at most).
     *
     * @param command the command and its arguments, e.g. {@code "ping", "-c", "1", "198.18.1.2"}
     * @return its exit code and output
     */
    public ProcessRunner.Result run(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace.name()));
        full.addAll(List.of(command));
        return ProcessRunner.run(full);
    }

    /**
     * Runs a command inside the namespace; it must succeed.
     *
     * @param command the command and its arguments
     * @return its standard output
     */
    public String exec(String... command) {
        return namespace.exec(command);
    }

    @Override
    public String toString() {
        return role + "(" + namespace.name() + ", " + ipv4.getHostAddress() + ", " + ipv6.getHostAddress() + ")";
    }
}

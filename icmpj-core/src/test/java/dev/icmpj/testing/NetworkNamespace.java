package dev.icmpj.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of the test suite's own, with a unique name per run ({@code icmpj-t<pid>-<n>}),
 * loopback up, removed on {@link #close()}. Namespaces left behind by a killed JVM (their pid is gone)
 * are swept when this class loads.
 *
 * <p>{@link #call(Callable)} runs code on a fresh platform thread that has entered the namespace with
 * {@code setns(2)}: sockets it opens belong to the namespace and keep working from any thread.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final String PREFIX = "icmpj-t";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    static {
        sweepStale(PREFIX);
    }

    private final String name;
    private boolean closed;
    private boolean outputTable;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Creates a namespace with loopback up.
     *
     * @return the namespace
     */
    public static NetworkNamespace create() {
        return create(PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
    }

    /**
     * Creates a namespace of a given name with loopback up. The caller picks a unique name of the form
     * {@code <prefix><pid>-<rest>} and sweeps its prefix with {@link #sweepStale(String)}.
     *
     * @param name the name, as {@code ip netns} will know it
     * @return the namespace
     */
    public static NetworkNamespace create(String name) {
        ProcessRunner.check("ip", "netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ns.exec("ip", "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The namespace's name, as {@code ip netns} knows it. */
    public String name() {
        return name;
    }

    /**
     * Runs a command inside the namespace; it must succeed.
     *
     * @param command the command and its arguments
     * @return its standard output
     */
    public String exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        return ProcessRunner.check(full.toArray(String[]::new));
    }

    /**
     * Lets every group open ping sockets in this namespace ({@code net.ipv4.ping_group_range}).
     *
     * @return this namespace
     */
    public NetworkNamespace allowPingSockets() {
        exec("sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        return this;
    }

    /**
     * Adds an nftables rule on the output path of this namespace (table {@code inet icmpjt}, made on first use),
     * e.g. {@code ip daddr 127.0.0.2 icmp type echo-request reject with icmp type host-unreachable}.
     *
     * @param rule the rule, in nft syntax
     * @return this namespace
     */
    public NetworkNamespace addOutputRule(String rule) {
        if (!outputTable) {
            exec("nft", "add table inet icmpjt");
            exec("nft", "add chain inet icmpjt out { type filter hook output priority 0 ; }");
            outputTable = true;
        }
        exec("nft", "add rule inet icmpjt out " + rule);
        return this;
    }

    /**
     * Creates a namespace that allows ping sockets and has one output rule ({@link #addOutputRule}); skips the
     * calling test without root or nft, as {@link NetworkTests} does.
     *
     * @param rule the rule, in nft syntax
     * @return the namespace
     */
    public static NetworkNamespace withOutputRule(String rule) {
        NetworkTests.requireRoot("a network namespace with an nftables rule");
        NetworkTests.requireCommand("nft");
        NetworkNamespace ns = create().allowPingSockets();
        try {
            return ns.addOutputRule(rule);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /**
     * Runs code on a new platform thread that has entered this namespace, and waits for it (60 s at most).
     *
     * @param task the code
     * @param <T> its result type
     * @return its result
     * @throws Exception what the task threw
     */
    public <T> T call(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter(name);
            return task.call();
        });
        Thread thread = Thread.ofPlatform().name("netns-" + name).daemon().start(future);
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            thread.interrupt();
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ProcessRunner.run(List.of("ip", "netns", "del", name));
        }
    }

    private static void enter(String namespace) {
        try {
            enterOrThrow(namespace);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @SuppressWarnings("restricted")
    private static void enterOrThrow(String namespace) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        FunctionDescriptor intIntInt =
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
        MethodHandle open = linker.downcallHandle(
                libc.find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(libc.find("setns").orElseThrow(), intIntInt);
        MethodHandle close = linker.downcallHandle(
                libc.find("close").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) open.invokeExact(arena.allocateFrom("/run/netns/" + namespace), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("cannot open /run/netns/" + namespace);
            }
            int rc = (int) setns.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) close.invokeExact(fd);
            if (rc != 0 || ignored != 0) {
                throw new IllegalStateException("setns into " + namespace + " failed");
            }
        }
    }

    /**
     * Deletes the namespaces named {@code <prefix><pid>-...} whose pid is no longer a live process.
     *
     * @param prefix e.g. {@code "icmpj-t"}
     */
    public static void sweepStale(String prefix) {
        if (!NetworkTests.isRoot() || !ProcessRunner.onPath("ip")) {
            return;
        }
        String list = ProcessRunner.run(List.of("ip", "netns", "list")).stdout();
        for (String line : list.split("\n")) {
            String ns = line.split(" ")[0];
            int dash = ns.indexOf('-', prefix.length());
            if (!ns.startsWith(prefix) || dash < 0) {
                continue;
            }
            try {
                long pid = Long.parseLong(ns.substring(prefix.length(), dash));
                if (ProcessHandle.of(pid).isEmpty()) {
                    ProcessRunner.run(List.of("ip", "netns", "del", ns));
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
    }
}

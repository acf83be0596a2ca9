package dev.icmpj.cli;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;

/** Network namespaces the CLI's tests make for themselves, removed on close. */
final class TestNamespaces {
    private TestNamespaces() {}

    /**
     * A namespace with nftables rules on its input path, which only the replies and ICMP errors to what the
     * namespace sends cross (requests to loopback addresses leave by the output path first); skips the calling
     * test without root or nft.
     *
     * @param rules the rules, in nft syntax
     * @return the namespace
     */
    static NetworkNamespace withInputRules(String... rules) {
        NetworkTests.requireRoot("a network namespace with an nftables rule");
        NetworkTests.requireCommand("nft");
        NetworkNamespace ns = NetworkNamespace.create();
        try {
            ns.exec("nft", "add table inet icmpjin");
            ns.exec("nft", "add chain inet icmpjin in { type filter hook input priority 0 ; }");
            for (String rule : rules) {
                ns.exec("nft", "add rule inet icmpjin in " + rule);
            }
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }
}

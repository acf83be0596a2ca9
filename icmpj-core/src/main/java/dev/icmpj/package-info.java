/**
 * High-level ICMP: {@code Icmp} static entry points, the long-lived {@code Pinger}, options and results.
 */
package dev.icmpj;

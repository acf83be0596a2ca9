/** ICMPv4 and ICMPv6 sockets: raw ({@code SOCK_RAW}) and unprivileged ping sockets ({@code SOCK_DGRAM}). */
package dev.icmpj.socket;

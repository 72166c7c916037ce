/**
 * Host firewall rules this node keeps with nftables, each in a table of its own that it replaces
 * whole. {@link swarm.net.firewall.MembershipAllowList}: only admitted nodes reach the membership
 * port (docs/security.md says what that protects and what it does not).
 */
package swarm.net.firewall;

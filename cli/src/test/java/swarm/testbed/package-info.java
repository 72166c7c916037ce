/**
 * The multi-host testbed for end-to-end tests (DESIGN.md §7): N hosts on one machine, each a network namespace with
 * its own address on a private /24, joined by a bridge in an underlay namespace, each running a real node daemon;
 * torn down afterwards even when a test fails or the run is interrupted.
 *
 * <p>{@link swarm.testbed.Testbed} is the JUnit extension and {@link swarm.testbed.Host} a host in it. The namespaces
 * and underlay are made and removed by {@code testbed/testbed.sh} (the same script people use), so tests and people
 * get one layout and one cleanup. The rest is shared with the single-host tests in {@code swarm.e2e}:
 * {@link swarm.testbed.SwarmCommand} (the CLI and daemon as processes), {@link swarm.testbed.DaemonProcess},
 * {@link swarm.testbed.DataDir} (a node's containers, seen through runc) and {@link swarm.testbed.Mounts}.
 */
package swarm.testbed;

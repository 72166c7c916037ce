/**
 * The {@code swarm} command line: {@link swarm.cli.Main} (entry point, uniform error reporting), the root command
 * with its global options ({@code -H/--host}, {@code --debug}), the shared base of commands that talk to the
 * daemon, and flag-value parsing with messages that name the flag. Commands live in one package per concept.
 */
package swarm.cli;

/**
 * How the CLI prints: docker-like column tables, one-JSON-object-per-line output for {@code --format json},
 * docker-style indented JSON for {@code inspect}, and the small renderings docker uses in tables (12-character
 * ids, image names without their digest pin, "Running 3 seconds ago", "4.26MB").
 */
package swarm.cli.format;

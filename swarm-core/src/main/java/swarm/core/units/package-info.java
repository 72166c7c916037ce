/** Units users type: sizes ({@code 64M}) and durations ({@code 1m30s}), parsed with messages that name the flag. */
package swarm.core.units;

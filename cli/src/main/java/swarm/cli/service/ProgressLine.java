package swarm.cli.service;

/** One line of the convergence display: {@code key} identifies it across redraws ({@code overall}, {@code 2/3}). */
record ProgressLine(String key, String text) {}

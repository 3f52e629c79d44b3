package dev.tanken.server.internal.connect;

/**
 * How a call ended, for the access log and the metrics.
 *
 * @param rpc the method's path, or {@code unknown} for paths that name none (unbounded label values
 *     would let any caller grow the metrics without limit)
 * @param code {@code ok} or the Connect error code
 * @param caller the user, or null when anonymous or not yet known
 */
public record Outcome(String rpc, int status, String code, String caller) {
}

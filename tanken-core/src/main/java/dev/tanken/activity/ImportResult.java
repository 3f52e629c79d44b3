package dev.tanken.activity;

/**
 * What an import did: entries stored, and entries found stored already (an archive imported twice
 * stores its entries once).
 */
public record ImportResult(long stored, long duplicate) {
    public ImportResult {
        if (stored < 0 || duplicate < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}

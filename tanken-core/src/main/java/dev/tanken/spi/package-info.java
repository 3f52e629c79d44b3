/**
 * What every backend provider shares. Applications do not call it: they open backends by URL
 * ({@link dev.tanken.Tanken#open(dev.tanken.TankenConfig)}, {@link dev.tanken.db.DatabaseServices});
 * a backend artifact implements {@link dev.tanken.db.DatabaseProvider}, {@link
 * dev.tanken.blob.BlobStoreProvider} or {@link dev.tanken.cache.CacheProvider} and lists it in
 * {@code META-INF/services}.
 */
package dev.tanken.spi;

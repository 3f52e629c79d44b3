/**
 * The service-provider interface through which backend artifacts plug into Tanken. Applications
 * do not call it: they open backends by URL ({@link dev.tanken.Tanken#open(dev.tanken.TankenConfig)},
 * {@link dev.tanken.db.DatabaseServices}); a backend implements a provider and registers it in
 * {@code META-INF/services}.
 */
package dev.tanken.spi;

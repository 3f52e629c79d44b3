/**
 * Implementation of dev.tanken.kafka; not API. Public classes here are public only so that Tanken's own
 * modules can share them; they may change or disappear in any release.
 */
package dev.tanken.kafka.internal;

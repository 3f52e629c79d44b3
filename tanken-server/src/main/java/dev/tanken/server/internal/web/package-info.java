/**
 * The web page served at {@code /}; not API. Public classes here are public only so that the
 * server's other packages can use them.
 */
package dev.tanken.server.internal.web;
